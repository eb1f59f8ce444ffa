package io.quarkiverse.gcache.runtime;

/**
 * Kept only for {@code RemoteHitBench}, which another change owns: it uses the public seam alone
 * ({@link UseCase#localKey(Object[])}, {@link UseCase#urn(Object, String, int)}), so delete this class once
 * {@code RemoteHitBench} calls those directly.
 */
@Deprecated(forRemoval = true)
public final class BenchAccess {

    private BenchAccess() {
    }

    public static String urn(GCacheEngine engine, UseCase uc, Object[] params) {
        return uc.urn(uc.localKey(params), engine.keyspace());
    }
}
