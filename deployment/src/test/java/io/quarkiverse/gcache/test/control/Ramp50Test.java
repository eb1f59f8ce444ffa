package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Ramp 50: about half of the calls use LOCAL, the others run the method. The bound is wide (40%..60% of 4000 calls is
 * over 12 standard deviations of the binomial either way), so the test does not flake.
 */
class Ramp50Test {

    private static final int CALLS = 4000;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Halves.class))
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @Inject
    Halves halves;

    @Inject
    GCache gcache;

    @Inject
    MeterRegistry registry;

    @Test
    void aboutHalfOfTheCallsUseTheCache() {
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < CALLS; i++) {
                String id = "k" + (i % 100);
                assertThat(halves.get(id)).isEqualTo(id);
            }
        }
        double lookups = count("gcache_request_counter", "layer", "LOCAL");
        double misses = count("gcache_miss_counter", "layer", "LOCAL", "reason", "value_absent");
        double rampedDown = count("gcache_disabled_counter", "layer", "LOCAL", "reason", "ramped_down");

        assertThat(lookups + rampedDown).as("every call either looked LOCAL up or was ramped down").isEqualTo(CALLS);
        assertThat(lookups).as("share of calls that used the cache").isBetween(0.4 * CALLS, 0.6 * CALLS);
        assertThat(misses).as("each of the 100 keys is filled once, then served").isLessThanOrEqualTo(100);
        assertThat(Halves.calls.get()).as("the method ran for ramped-down calls and misses only")
                .isEqualTo((int) (rampedDown + misses));
        assertThat(lookups - misses).as("hits").isGreaterThan(0.4 * CALLS - 100);
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags("use_case", "HalfRamp").tags(tags).counter().count();
    }

    @ApplicationScoped
    public static class Halves {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "item_id", useCase = "HalfRamp", local = @GCached.Layer(ttl = "1h", ramp = 50))
        public String get(@GCacheId String id) {
            calls.incrementAndGet();
            return id;
        }
    }
}
