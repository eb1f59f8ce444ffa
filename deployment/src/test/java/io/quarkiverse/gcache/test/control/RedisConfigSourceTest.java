package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code quarkus.gcache.remote.config-source=true}: the Redis hash {@code urn:gcache:config} is polled every refresh, so
 * one {@code HSET} switches LOCAL off in the running application and {@code HDEL} gives the annotation's value back;
 * with Redis down the source keeps its last values and calls go on.
 */
class RedisConfigSourceTest {

    static final SharedRedis REDIS = SharedRedis.get(RedisConfigSourceTest.class.getName());
    private static final String HASH = "urn:gcache:config";
    private static final String LOCAL_RAMP = "quarkus.gcache.use-case.\"RcsProfile\".local.ramp";
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.config-source", "true")
            .overrideConfigKey("quarkus.gcache.config-refresh", "100ms");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Profiles profiles;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("DEL", HASH);
        try (GCacheScope scope = gcache.enable()) {
            await().pollInSameThread().atMost(WITHIN).until(() -> servedTwiceFromCache("warm"));
        }
        gcache.flush();
        Profiles.calls.set(0);
    }

    @Test
    void hsetTurnsLocalOffAndHdelTurnsItBackOn() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(servedTwiceFromCache("1")).isTrue();

            REDIS.command("HSET", HASH, LOCAL_RAMP, "0");
            await().pollInSameThread().atMost(WITHIN).until(() -> !servedTwiceFromCache("1"));
            assertThat(callsOf(20, "1")).as("ramp 0 from Redis: every call runs").isEqualTo(20);

            REDIS.command("HDEL", HASH, LOCAL_RAMP);
            await().pollInSameThread().atMost(WITHIN).until(() -> servedTwiceFromCache("2"));
            assertThat(callsOf(20, "2")).as("the annotation's ramp 100 again: every call is a hit").isZero();
        }
    }

    @Test
    void theGlobalSwitchInRedisIsAFleetWideKillSwitch() {
        try (GCacheScope scope = gcache.enable()) {
            REDIS.command("HSET", HASH, "quarkus.gcache.enabled", "false");
            await().pollInSameThread().atMost(WITHIN).until(() -> !gcache.isEnabled());
            assertThat(callsOf(10, "1")).isEqualTo(10);

            REDIS.command("HDEL", HASH, "quarkus.gcache.enabled");
            await().pollInSameThread().atMost(WITHIN).until(gcache::isEnabled);
            assertThat(servedTwiceFromCache("1")).isTrue();
        }
    }

    @Test
    void withRedisDownTheSourceKeepsItsLastValues() {
        try (GCacheScope scope = gcache.enable()) {
            REDIS.command("HSET", HASH, LOCAL_RAMP, "0");
            await().pollInSameThread().atMost(WITHIN).until(() -> !servedTwiceFromCache("1"));

            REDIS.stop();
            try {
                // Ten refreshes and more fail; had the source forgotten its values, LOCAL would serve again.
                await().pollInSameThread().during(Duration.ofSeconds(1)).atMost(WITHIN)
                        .until(() -> !servedTwiceFromCache("1"));
                assertThat(callsOf(10, "1")).as("ramp 0 still in force, and no call fails").isEqualTo(10);
            } finally {
                REDIS.restart();
            }
            // The restarted server is empty: the next successful poll clears the ramp.
            await().pollInSameThread().atMost(WITHIN).until(() -> servedTwiceFromCache("3"));
        }
    }

    /** Calls {@code n} times with {@code id}: how many ran the method. */
    private int callsOf(int n, String id) {
        int before = Profiles.calls.get();
        for (int i = 0; i < n; i++) {
            assertThat(profiles.get(id)).isEqualTo("profile " + id);
        }
        return Profiles.calls.get() - before;
    }

    /** Calls twice with {@code id}: whether the second call was served without running the method. */
    private boolean servedTwiceFromCache(String id) {
        profiles.get(id);
        int before = Profiles.calls.get();
        profiles.get(id);
        return Profiles.calls.get() == before;
    }

    @ApplicationScoped
    public static class Profiles {
        static final AtomicInteger calls = new AtomicInteger();

        // Not tracked: LOCAL does not depend on the invalidation channel, which goes down with Redis.
        @GCached(keyType = "user_id", useCase = "RcsProfile", local = @GCached.Layer(ttl = "1h"),
                trackForInvalidation = false)
        public String get(@GCacheId String id) {
            calls.incrementAndGet();
            return "profile " + id;
        }
    }
}
