package io.quarkiverse.gcache.runtime;

/**
 * The benchmarks' window on package-private parts of the engine (same package, same class path): the LOCAL key
 * and the URN of a call, built by the very code a call runs.
 */
public final class BenchAccess {

    private BenchAccess() {
    }

    public static Object localKey(UseCase uc, Object[] params) {
        return uc.localKey(params);
    }

    public static String urn(GCacheEngine engine, UseCase uc, Object[] params) {
        return uc.urn(uc.localKey(params), engine.keyspace());
    }
}
