package io.quarkiverse.gcache.runtime;

import java.util.Map;

import io.quarkiverse.gcache.GCacheKey;
import io.quarkiverse.gcache.runtime.key.Keyspace;

/** A call's key as a {@link io.quarkiverse.gcache.GCacheConfigProvider} sees it; the URN is built only if asked. */
final class CallKey implements GCacheKey {

    private final UseCase useCase;
    private final Object localKey;
    private final Keyspace keyspace;

    CallKey(UseCase useCase, Object localKey, Keyspace keyspace) {
        this.useCase = useCase;
        this.localKey = localKey;
        this.keyspace = keyspace;
    }

    @Override
    public String keyType() {
        return useCase.keyType();
    }

    @Override
    public String id() {
        return UseCase.idOf(localKey);
    }

    @Override
    public String useCase() {
        return useCase.name();
    }

    @Override
    public Map<String, String> args() {
        return useCase.arguments(localKey);
    }

    @Override
    public String urn() {
        return useCase.urn(localKey, keyspace);
    }

    @Override
    public String toString() {
        return urn();
    }
}
