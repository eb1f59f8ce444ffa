package io.quarkiverse.gcache.runtime;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkiverse.gcache.GCache;

/** Produces the {@link GCache} bean users inject. */
@Singleton
public class GCacheProducer {

    @Produces
    @Singleton
    GCache gcache(GCacheEngine engine) {
        return new DefaultGCache(engine);
    }
}
