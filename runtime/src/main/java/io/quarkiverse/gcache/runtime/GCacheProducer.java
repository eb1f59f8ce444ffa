package io.quarkiverse.gcache.runtime;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkiverse.gcache.GCache;

/**
 * Produces the {@link GCache} bean users inject. The engine is a runtime-init bean; {@code GCache} may be created
 * before it (a JAX-RS filter is created while Quarkus REST starts), so it takes the engine on first use.
 */
@Singleton
public class GCacheProducer {

    @Produces
    @Singleton
    GCache gcache(Instance<GCacheEngine> engine) {
        return new DefaultGCache(engine::get);
    }
}
