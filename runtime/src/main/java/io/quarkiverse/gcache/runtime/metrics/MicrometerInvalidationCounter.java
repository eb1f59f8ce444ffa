package io.quarkiverse.gcache.runtime.metrics;

import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.invalidate.InvalidationFailures;

/**
 * Counts a {@code @GCacheInvalidate} that could not run in {@code gcache_error_counter_total}, the series of every
 * cache error: {@code use_case} is the annotated method ({@code UserService.rename}), {@code layer} is {@code GLOBAL}
 * (the whole invalidation failed, not one layer's part), {@code error} the exception's simple class name.
 */
public final class MicrometerInvalidationCounter implements InvalidationFailures.Counter {

    private final MeterRegistry registry;
    private final String prefix;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    public MicrometerInvalidationCounter(MeterRegistry registry, String prefix) {
        this.registry = registry;
        this.prefix = prefix;
    }

    @Override
    public void count(String method, String keyType, Throwable error) {
        String name = MicrometerGCacheMetrics.errorLabel(error.getClass());
        counters.computeIfAbsent(method + '\0' + keyType + '\0' + name,
                k -> Counter.builder(prefix + "gcache_error_counter").description("Cache error counter")
                        .tags("use_case", method, "key_type", keyType, "layer", CacheLayer.GLOBAL.name(), "error", name,
                                "in_fallback", "False")
                        .register(registry))
                .increment();
    }
}
