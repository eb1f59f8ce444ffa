package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An application without Micrometer ({@code quarkus.micrometer.enabled=false}: the deployment tests always have the
 * extension on the class path) caches as usual, and the paths that record metrics (hits, misses, errors, disabled
 * calls, invalidations) do not need a meter registry.
 */
class NoMicrometerTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Plain.class, FailingAdapter.class))
            .overrideConfigKey("quarkus.micrometer.enabled", "false")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @Inject
    Plain plain;

    @Inject
    GCache gcache;

    @Inject
    Instance<MeterRegistry> registry;

    @Test
    void cachingWorksWithoutAMeterRegistry() {
        assertThat(registry.isUnsatisfied()).as("no MeterRegistry bean: Micrometer is off").isTrue();
        try (GCacheScope scope = gcache.enable()) {
            assertThat(plain.get("1", "ok")).isEqualTo("1 ok");
            assertThat(plain.get("1", "ok")).isEqualTo("1 ok");
            assertThat(plain.get("1", "boom")).isEqualTo("1 boom"); // the adapter throws: the call runs uncached
        }
        assertThat(plain.get("1", "ok")).isEqualTo("1 ok"); // outside a scope
        gcache.invalidate("item_id", "1");
        try (GCacheScope scope = gcache.enable()) {
            assertThat(plain.get("1", "ok")).isEqualTo("1 ok");
        }
        assertThat(Plain.calls).hasValue(4);
    }

    /** Fails on "boom". */
    public static class FailingAdapter implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            if (value.equals("boom")) {
                throw new IllegalArgumentException("boom");
            }
            return value;
        }
    }

    @ApplicationScoped
    public static class Plain {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "item_id", useCase = "NoMeters", local = @GCached.Layer(ttl = "1h"))
        public String get(@GCacheId String id, @GCacheArg(adapter = FailingAdapter.class) String flavour) {
            calls.incrementAndGet();
            return id + " " + flavour;
        }
    }
}
