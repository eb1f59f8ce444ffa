package io.quarkiverse.gcache.test.health;

import static io.quarkiverse.gcache.test.health.ReadinessChecks.data;
import static io.quarkiverse.gcache.test.health.ReadinessChecks.gcacheCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/**
 * SPEC §14: the {@code gcache} readiness check, read over HTTP at {@code /q/health/ready}, stays {@code UP} through a
 * frozen Redis (the cache fails open) and says what REMOTE and the invalidation channel are doing.
 */
class HealthRemoteTest {

    static final SharedRedis REDIS = SharedRedis.get(HealthRemoteTest.class.getName());
    static final String CHANNEL = "urn:gcache:invalidations";
    static final Duration WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class, ReadinessChecks.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // the Redis client's own check would be DOWN while Redis is frozen: only GCache's is looked at here
            .overrideConfigKey("quarkus.redis.health.enabled", "false")
            .overrideConfigKey("quarkus.redis.max-pool-waiting", "100000");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Catalog catalog;

    @Inject
    GCache gcache;

    @Test
    void upThroughAFrozenRedisAndALostSubscriptionSayingWhatHappens() {
        // STEP 1: Redis answers: REMOTE up, the channel subscribed.
        await().atMost(WITHIN).untilAsserted(() -> assertThat(gcacheCheck()).isEqualTo(Map.of("name", "gcache",
                "status", "UP", "data", Map.of("remote", "up", "invalidations", "subscribed", "use_cases", 2))));

        // STEP 2: Redis frozen (SIGSTOP): calls time out until the breaker opens; the check stays UP and says so.
        REDIS.pause();
        try {
            await().atMost(WITHIN).untilAsserted(() -> {
                try (GCacheScope scope = gcache.enable()) {
                    assertThat(catalog.item("1")).isEqualTo("item-1"); // the method's own result, always
                }
                assertThat(data(gcacheCheck())).containsEntry("remote", "breaker_open");
            });
            assertThat(gcacheCheck()).containsEntry("status", "UP");
            assertThat(RestAssured.get("/q/health/ready").statusCode()).isEqualTo(200);
        } finally {
            REDIS.resume();
        }
        // Redis thawed: the breaker's next probe closes it.
        await().atMost(WITHIN).untilAsserted(() -> {
            try (GCacheScope scope = gcache.enable()) {
                catalog.item("1");
            }
            assertThat(data(gcacheCheck())).containsEntry("remote", "up").containsEntry("invalidations", "subscribed");
        });

        // STEP 3: the subscription killed, and kept from coming back: the channel is lost, the check still UP.
        REDIS.command("ACL", "SETUSER", "default", "-subscribe");
        try {
            assertThat(REDIS.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(1L);
            await().atMost(WITHIN).untilAsserted(() -> assertThat(gcacheCheck()).containsEntry("status", "UP")
                    .extracting(ReadinessChecks::data).isEqualTo(Map.of("remote", "up", "invalidations", "lost",
                            "use_cases", 2)));
            assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 0L));
        } finally {
            REDIS.command("ACL", "SETUSER", "default", "+subscribe");
        }

        // STEP 4: it subscribes again by itself.
        await().atMost(WITHIN).untilAsserted(() -> assertThat(data(gcacheCheck()))
                .containsEntry("invalidations", "subscribed"));
        assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 1L));
    }

    @ApplicationScoped
    public static class Catalog {

        @GCached(keyType = "item_id", useCase = "HealthItem", remote = @GCached.Layer(ttl = "1h"))
        public String item(@GCacheId String id) {
            return "item-" + id;
        }

        @GCached(keyType = "item_id", useCase = "HealthItemLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            return "item-" + id;
        }
    }
}
