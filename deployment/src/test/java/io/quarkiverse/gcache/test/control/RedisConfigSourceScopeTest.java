package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The Redis config hash serves GCache's own properties only: a field such as {@code payments.endpoint} written into
 * {@code urn:gcache:config} (by anyone who can write to the cache's Redis) must not change the application's
 * {@code @ConfigProperty} values, neither at start nor while the application runs.
 */
class RedisConfigSourceScopeTest {

    static final SharedRedis REDIS = SharedRedis.get(RedisConfigSourceScopeTest.class.getName());
    private static final String HASH = "urn:gcache:config";
    private static final String OWN = "https://payments.internal";
    private static final String ATTACKER = "https://attacker.example";
    private static final Duration WITHIN = Duration.ofSeconds(15);

    static {
        // Written before the application starts: the first poll, at start, reads it.
        REDIS.command("HSET", HASH, "payments.endpoint", ATTACKER, "quarkus.gcache.enabled", "false");
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Payments.class))
            .overrideConfigKey("payments.endpoint", OWN)
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.config-source", "true")
            .overrideConfigKey("quarkus.gcache.config-refresh", "100ms");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Payments payments;

    @Inject
    GCache gcache;

    @Test
    void onlyGCachePropertiesAreServedFromTheHash() {
        try (GCacheScope scope = gcache.enable()) {
            // STEP 1: the hash was read at start: its quarkus.gcache.enabled=false is in force ...
            assertThat(gcache.isEnabled()).as("the hash's own GCache property is served").isFalse();
            // ... and its foreign field is not.
            assertThat(payments.endpoint()).as("@ConfigProperty injected after start").isEqualTo(OWN);
            assertThat(payments.currentEndpoint()).as("@ConfigProperty Provider").isEqualTo(OWN);
            assertThat(ConfigProvider.getConfig().getValue("payments.endpoint", String.class)).isEqualTo(OWN);

            // STEP 2: while the application runs, a new foreign field and a GCache one are written together.
            REDIS.command("HSET", HASH, "payments.endpoint", ATTACKER + "/2", "payments.retries", "99");
            REDIS.command("HDEL", HASH, "quarkus.gcache.enabled");
            await().pollInSameThread().atMost(WITHIN).until(gcache::isEnabled);
            assertThat(payments.currentEndpoint()).isEqualTo(OWN);
            assertThat(ConfigProvider.getConfig().getOptionalValue("payments.retries", String.class)).isEmpty();
        }
    }

    @ApplicationScoped
    public static class Payments {

        @ConfigProperty(name = "payments.endpoint")
        String endpoint;

        @ConfigProperty(name = "payments.endpoint")
        Provider<String> current;

        public String endpoint() {
            return endpoint;
        }

        public String currentEndpoint() {
            return current.get();
        }
    }
}
