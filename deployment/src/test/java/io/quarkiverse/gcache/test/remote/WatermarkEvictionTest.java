package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.RedisConnection;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §15, eviction-safe watermarks, on a real redis-server with a small {@code maxmemory} and {@code allkeys-lru}:
 * under write load Redis evicts an entity's watermark while the entries it made stale are kept (they are read, the
 * watermark is not). GCache must then recompute instead of serving what was invalidated, and a fill that creates
 * the watermark again must not bring the other stale entries of the entity back.
 */
class WatermarkEvictionTest {

    static final SharedRedis REDIS = SharedRedis.get(WatermarkEvictionTest.class.getName());
    static final String WATERMARK = "{urn:gcache:user_id:1}#watermark";
    static final List<String> ENTRIES = List.of("{urn:gcache:user_id:1}#EvProfile", "{urn:gcache:user_id:1}?page=1#EvPage",
            "{urn:gcache:user_id:1}?page=2#EvPage");

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        REDIS.command("CONFIG", "SET", "maxmemory", "3mb");
        REDIS.command("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        Users.version.set(1);
        Users.calls.set(0);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void aTrackedFillCreatesTheWatermarkToLiveAtLeastAsLongAsTheEntry() {
        assertThat(cached(() -> users.profile("1"))).isEqualTo("1@v1");
        awaitWritten(ENTRIES.get(0));
        assertThat(REDIS.command("EXISTS", WATERMARK)).isEqualTo(1L);
        long entryExpiry = (Long) REDIS.command("PEXPIRETIME", ENTRIES.get(0));
        assertThat(entryExpiry).isPositive();
        assertThat((Long) REDIS.command("PEXPIRETIME", WATERMARK)).isGreaterThanOrEqualTo(entryExpiry);
        // The new watermark makes nothing stale that a fill wrote after it: the entry is a hit.
        assertThat(cached(() -> users.profile("1"))).isEqualTo("1@v1");
        assertThat(Users.calls).hasValue(1);
    }

    @Test
    void noInvalidatedEntryIsServedAfterItsWatermarkWasEvicted() {
        cached(() -> users.profile("1"));
        cached(() -> users.page("1", 1));
        cached(() -> users.page("1", 2));
        ENTRIES.forEach(WatermarkEvictionTest::awaitWritten);
        Users.version.set(2);
        gcache.invalidate("user_id", "1");

        evictTheWatermarkKeepingTheEntries();

        assertThat(cached(() -> users.profile("1"))).as("an entry invalidated before its watermark was evicted")
                .isEqualTo("1@v2");
        // That fill wrote the watermark again: the entity's other entries, invalidated too, stay stale.
        assertThat(cached(() -> users.page("1", 1))).isEqualTo("1/1@v2");
        assertThat(cached(() -> users.page("1", 2))).isEqualTo("1/2@v2");
        // What was filled after the eviction is served again.
        int calls = Users.calls.get();
        assertThat(cached(() -> users.profile("1"))).isEqualTo("1@v2");
        assertThat(cached(() -> users.page("1", 1))).isEqualTo("1/1@v2");
        assertThat(Users.calls).hasValue(calls);
    }

    /** A fill's REMOTE write may complete after the call returned. */
    @SuppressWarnings("unchecked")
    private static void awaitWritten(String key) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat((List<Object>) REDIS.command("KEYS", "*")).contains(key));
    }

    /**
     * Writes until Redis has evicted the watermark, reading the entries all along so that LRU keeps them (as reads of
     * a hot entity would, through a path that does not touch its watermark). Redis's LRU clock ticks once a second:
     * the load starts once the watermark has been idle a tick, so that it is the oldest key the eviction samples.
     */
    private static void evictTheWatermarkKeepingTheEntries() {
        REDIS.command("CONFIG", "SET", "maxmemory-samples", "64");
        await().atMost(Duration.ofSeconds(5)).until(() -> (Long) REDIS.command("OBJECT", "IDLETIME", WATERMARK) >= 1);
        String filler = "x".repeat(4096);
        try (RedisConnection redis = RedisConnection.open(REDIS.port())) {
            for (int i = 0; i < 20_000; i++) {
                for (String entry : ENTRIES) {
                    if (redis.command("GET", entry) == null) {
                        fail("Redis evicted " + entry + " before the watermark after " + i + " writes");
                    }
                }
                if ((Long) redis.command("EXISTS", WATERMARK) == 0) {
                    return;
                }
                redis.command("SET", "load:" + i, filler);
            }
        }
        fail("Redis did not evict " + WATERMARK + " within 20000 writes of 4 KiB at maxmemory 3mb");
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "EvProfile", remote = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "EvPage", remote = @GCached.Layer(ttl = "1h"))
        public String page(@GCacheId String id, int page) {
            calls.incrementAndGet();
            return id + "/" + page + "@v" + version.get();
        }
    }
}
