package io.quarkiverse.gcache.bench;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.CacheResult;

/** The same method behind Quarkus's own {@code @CacheResult} (quarkus-cache, Caffeine). */
@ApplicationScoped
public class QuarkusCacheService {

    @CacheResult(cacheName = "bench-profile")
    public User profile(String id) {
        return Dataset.lookup(id);
    }
}
