package io.quarkiverse.gcache.test.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §14 and §6: a value GCache cannot read that comes from a dynamic source (the Redis hash, a config source the
 * application adds) does not fail the start: that layer is off ({@code config_error}) and every call runs; the other
 * use cases cache as usual.
 */
class DynamicBadValuesTest {

    static final SharedRedis REDIS = SharedRedis.get(DynamicBadValuesTest.class.getName());

    static {
        // in the hash before the application starts, so that its first read at start sees them
        REDIS.command("HSET", "urn:gcache:config", "quarkus.gcache.use-case.\"Broken\".local.ttl", "soon",
                "quarkus.gcache.use-case.\"BrokenRamp\".local.ramp", "all");
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Lookups.class, FlagSource.class)
                    .addAsServiceProvider(ConfigSource.class, FlagSource.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.config-source", "true");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Lookups lookups;

    @Inject
    GCache gcache;

    @Test
    void theApplicationStartsAndTheLayersWithBadValuesAreOff() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.broken("42")).isEqualTo("broken-1");
            assertThat(lookups.broken("42")).isEqualTo("broken-2");
            assertThat(lookups.brokenRamp("42")).isEqualTo("broken-ramp-1");
            assertThat(lookups.brokenRamp("42")).isEqualTo("broken-ramp-2");
            assertThat(lookups.flagBroken("42")).isEqualTo("flag-broken-1");
            assertThat(lookups.flagBroken("42")).isEqualTo("flag-broken-2");
            assertThat(lookups.fine("42")).isEqualTo("fine-1");
            assertThat(lookups.fine("42")).as("a use case with readable values caches").isEqualTo("fine-1");
        }
    }

    /** A source the application adds, e.g. a feature-flag service's: GCache cannot know it is fixed. */
    public static class FlagSource implements ConfigSource {

        private static final Map<String, String> VALUES = Map.of(
                "quarkus.gcache.use-case.\"FlagBroken\".local.ttl", "a while",
                "quarkus.gcache.use-case.\"Fine\".local.max-size", "lots");

        @Override
        public Set<String> getPropertyNames() {
            return VALUES.keySet();
        }

        @Override
        public String getValue(String propertyName) {
            return VALUES.get(propertyName);
        }

        @Override
        public String getName() {
            return "FlagSource";
        }

        @Override
        public int getOrdinal() {
            return 270;
        }
    }

    @ApplicationScoped
    public static class Lookups {

        private final Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

        private String ran(String name) {
            return name + "-" + calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Broken", local = @GCached.Layer(ttl = "1h"))
        public String broken(@GCacheId String id) {
            return ran("broken");
        }

        @GCached(keyType = "user_id", useCase = "BrokenRamp", local = @GCached.Layer(ttl = "1h"))
        public String brokenRamp(@GCacheId String id) {
            return ran("broken-ramp");
        }

        @GCached(keyType = "user_id", useCase = "FlagBroken", local = @GCached.Layer(ttl = "1h"))
        public String flagBroken(@GCacheId String id) {
            return ran("flag-broken");
        }

        @GCached(keyType = "user_id", useCase = "Fine", local = @GCached.Layer(ttl = "1h"))
        public String fine(@GCacheId String id) {
            return ran("fine");
        }
    }
}
