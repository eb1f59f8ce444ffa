package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code invalidate} on a real redis-server (SPEC §5): the next read runs the method, through REMOTE alone and
 * through LOCAL then REMOTE; the watermark is epoch milliseconds on the Redis clock, so one written by the Python
 * GCache invalidates Java entries; untracked use cases are not reached; a future buffer keeps the entity out of
 * the cache until it has passed.
 */
class RemoteInvalidationTest {

    static final SharedRedis REDIS = SharedRedis.get(RemoteInvalidationTest.class.getName());
    static final String WATERMARK = "{urn:gcache:user_id:42}#watermark";
    static final String REMOTE_KEY = "{urn:gcache:user_id:42}#InvRemote";
    static final String BOTH_KEY = "{urn:gcache:user_id:42}#InvBoth";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, RedisClock.class, InvalidationBarrier.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            // Counts of method runs are asserted: a Redis answer slowed by a busy machine must not turn into a miss.
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

    @Inject
    InvalidationBarrier barrier;

    @BeforeEach
    void reset() {
        // LOCAL serves tracked use cases only while the invalidation channel is live.
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        ownMessageHandled(); // an earlier test's invalidation must not drop this test's entries
        REDIS.command("FLUSHALL");
        gcache.flush();
        Users.version.set(1);
        Users.remoteCalls.set(0);
        Users.bothCalls.set(0);
        Users.localCalls.set(0);
        Users.pagedCalls.set(0);
        Users.untrackedCalls.set(0);
        Users.untrackedRemoteCalls.set(0);
        Users.bothUniCalls.set(0);
    }

    /** Lets this process hear its own invalidation message, which drops the entity's LOCAL entries once more. */
    void ownMessageHandled() {
        InvalidationBarrier.pass(barrier, gcache, REDIS);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void afterAnInvalidationTheNextRemoteReadRunsTheMethod() {
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v1");
        assertThat(Users.remoteCalls).hasValue(1);

        Users.version.set(2); // the database changes, then the writer invalidates
        gcache.invalidate("user_id", 42); // any id renders to its key string: 42 reaches "42"
        // A value is fresh only if created strictly after the watermark; let the Redis clock move past it so
        // that the refill below is fresh (one made in the watermark's own millisecond is stale, and refilled).
        RedisClock.awaitPast(REDIS, engine, RedisClock.watermark(REDIS, "user_id", "42"));
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2");
        assertThat(Users.remoteCalls).hasValue(2);
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2");
        assertThat(Users.remoteCalls).hasValue(2);
    }

    @Test
    void afterAnInvalidationTheNextReadThroughLocalAndRemoteRunsTheMethod() {
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.paged("42", 1))).isEqualTo("42/1@v1");
        assertThat(cached(() -> users.paged("42", 2))).isEqualTo("42/2@v1");
        assertThat(cached(() -> users.paged("42", 1))).isEqualTo("42/1@v1");
        assertThat(cached(() -> users.both("43"))).isEqualTo("43@v1");
        assertThat(Users.bothCalls).hasValue(2);
        assertThat(Users.pagedCalls).hasValue(2);

        Users.version.set(2);
        gcache.invalidate("user_id", "42");
        ownMessageHandled();
        // LOCAL was dropped, and the REMOTE entries are older than the watermark.
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.paged("42", 1))).isEqualTo("42/1@v2");
        assertThat(cached(() -> users.paged("42", 2))).isEqualTo("42/2@v2");
        assertThat(Users.bothCalls).hasValue(3);
        assertThat(Users.pagedCalls).hasValue(4);
        // The refill is kept in LOCAL; another entity was never touched.
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.paged("42", 1))).isEqualTo("42/1@v2");
        assertThat(cached(() -> users.both("43"))).isEqualTo("43@v1");
        assertThat(Users.bothCalls).hasValue(3);
        assertThat(Users.pagedCalls).hasValue(4);
    }

    @Test
    void theCallingProcessDropsItsLocalEntriesBeforeRedisAnswers() {
        assertThat(cached(() -> users.local("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.local("42"))).isEqualTo("42@v1");
        Users.version.set(2);

        REDIS.pause(); // neither the watermark script's answer nor the message can arrive
        try {
            gcache.invalidateAsync("user_id", "42").subscribe().with(x -> {
            }, x -> {
            });
            assertThat(cached(() -> users.local("42"))).isEqualTo("42@v2");
            assertThat(cached(() -> users.local("42"))).isEqualTo("42@v2");
            assertThat(Users.localCalls).hasValue(2);
        } finally {
            REDIS.resume();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> REDIS.command("EXISTS", WATERMARK).equals(1L));
        ownMessageHandled();
    }

    @Test
    void theWatermarkIsEpochMillisecondsOnTheRedisClock() {
        cached(() -> users.remote("42"));
        long before = RedisClock.millis(REDIS);
        gcache.invalidate("user_id", "42");
        long after = RedisClock.millis(REDIS);

        String stored = (String) REDIS.command("GET", WATERMARK);
        assertThat(stored).matches("\\d{13}");
        assertThat(Long.parseLong(stored)).isBetween(before, after);
        long ttl = (Long) REDIS.command("PTTL", WATERMARK);
        assertThat(ttl).isBetween(Duration.ofHours(4).minusMinutes(1).toMillis(), Duration.ofHours(4).toMillis());
        // The entry itself stays in Redis: it is stale by its creation time, not deleted.
        String entry = (String) REDIS.command("GET", REMOTE_KEY);
        assertThat(Long.parseLong(entry.substring(0, entry.indexOf(':')))).isLessThanOrEqualTo(Long.parseLong(stored));
    }

    @Test
    void aWatermarkSetTheWayThePythonGCacheDoesInvalidatesJavaEntries() {
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.local("42"))).isEqualTo("42@v1");
        Users.version.set(2);

        // A plain client: read the Redis clock, SET the watermark to it in epoch milliseconds.
        REDIS.command("SET", WATERMARK, Long.toString(RedisClock.millis(REDIS)), "PX", "14400000");

        // REMOTE reads the watermark with every entry: the Java entry is stale at once.
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2");
        assertThat(Users.remoteCalls).hasValue(2);
        // A SET publishes nothing, so no process learns that its LOCAL entries are stale: they are served on...
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.local("42"))).isEqualTo("42@v1");
        assertThat(Users.bothCalls).hasValue(1);
        assertThat(Users.localCalls).hasValue(1);

        // ...until the writer also announces the invalidation the way GCache does: PUBLISH <keyType>:<id>.
        assertThat(REDIS.command("PUBLISH", "urn:gcache:invalidations", "user_id:42")).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(cached(() -> users.local("42"))).isEqualTo("42@v2");
            assertThat(Users.localCalls).hasValue(2);
        });
        // LOCAL was dropped and REMOTE's entry is older than the watermark: the method runs.
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        assertThat(Users.bothCalls).hasValue(2);
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.local("42"))).isEqualTo("42@v2");
        assertThat(Users.bothCalls).hasValue(2);
        assertThat(Users.localCalls).hasValue(2);
    }

    @Test
    void invalidateAsyncActsWhenSubscribed() {
        cached(() -> users.remote("42"));
        cached(() -> users.both("42"));
        Users.version.set(2);

        Uni<Void> invalidation = gcache.invalidateAsync("user_id", "42");
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v1"); // nothing happens before the subscription
        assertThat(Users.bothCalls).hasValue(1);

        invalidation.await().atMost(Duration.ofSeconds(5));
        assertThat(REDIS.command("EXISTS", WATERMARK)).isEqualTo(1L);
        ownMessageHandled();
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        assertThat(Users.remoteCalls).hasValue(2);
        assertThat(Users.bothCalls).hasValue(2);
    }

    @Test
    void untrackedUseCasesAreNotReached() {
        assertThat(cached(() -> users.untracked("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.untrackedRemote("42"))).isEqualTo("42@v1");
        assertThat(REDIS.command("EXISTS", "urn:gcache:user_id:42#InvUntrackedRemote")).isEqualTo(1L);
        Users.version.set(2);

        gcache.invalidate("user_id", "42");
        assertThat(REDIS.command("PUBLISH", "urn:gcache:invalidations", "user_id:42")).isEqualTo(1L);

        // Neither this process's LOCAL, nor the other processes' (the message), nor REMOTE (no watermark read).
        assertThat(cached(() -> users.untracked("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.untrackedRemote("42"))).isEqualTo("42@v1");
        assertThat(Users.untrackedCalls).hasValue(1);
        assertThat(Users.untrackedRemoteCalls).hasValue(1);
    }

    @Test
    void duringAFutureBufferTheMethodRunsAndNothingIsCached() {
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v1");
        String before = (String) REDIS.command("GET", REMOTE_KEY);
        Users.version.set(2);

        gcache.invalidate("user_id", "42", Duration.ofSeconds(2));
        long watermark = RedisClock.watermark(REDIS, "user_id", "42");
        assertThat(watermark).isGreaterThan(RedisClock.millis(REDIS) + 1000);

        for (int i = 0; i < 3; i++) {
            assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2");
            assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
            assertThat(gcache.enabled(() -> users.bothUni("42")).await().atMost(Duration.ofSeconds(5))).isEqualTo("42@v2");
        }
        assertThat(RedisClock.millis(REDIS)).isLessThan(watermark); // all of it happened inside the buffer
        assertThat(Users.remoteCalls).hasValue(4);
        // Nor may LOCAL keep what was read during the buffer: it was created before the watermark.
        assertThat(Users.bothCalls).hasValue(3);
        assertThat(Users.bothUniCalls).hasValue(3);
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#InvBothUni")).isEqualTo(0L);
        assertThat(REDIS.command("GET", REMOTE_KEY)).isEqualTo(before); // the stale entry, not overwritten
        assertThat(REDIS.command("EXISTS", BOTH_KEY)).isEqualTo(0L);

        // Once the buffer has passed, a call writes again, and the entry it writes is fresh.
        RedisClock.awaitPast(REDIS, engine, watermark);
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2");
        String entry = (String) REDIS.command("GET", BOTH_KEY);
        assertThat(entry).isNotNull();
        assertThat(Long.parseLong(entry.substring(0, entry.indexOf(':')))).isGreaterThan(watermark);
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@v2"); // LOCAL
        assertThat(Users.bothCalls).hasValue(4);
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2"); // overwrites the stale entry
        assertThat(REDIS.command("GET", REMOTE_KEY)).isNotEqualTo(before);
        assertThat(cached(() -> users.remote("42"))).isEqualTo("42@v2"); // and hits it
        assertThat(Users.remoteCalls).hasValue(5);
    }

    @ApplicationScoped
    public static class Users {
        /** The state of the "database" the methods read. */
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger remoteCalls = new AtomicInteger();
        static final AtomicInteger bothCalls = new AtomicInteger();
        static final AtomicInteger localCalls = new AtomicInteger();
        static final AtomicInteger pagedCalls = new AtomicInteger();
        static final AtomicInteger untrackedCalls = new AtomicInteger();
        static final AtomicInteger untrackedRemoteCalls = new AtomicInteger();
        static final AtomicInteger bothUniCalls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "InvRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            remoteCalls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "InvBoth", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String both(@GCacheId String id) {
            bothCalls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "InvBothUni", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public Uni<String> bothUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> {
                bothUniCalls.incrementAndGet();
                return id + "@v" + version.get();
            });
        }

        @GCached(keyType = "user_id", useCase = "InvLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            localCalls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "InvPaged", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String paged(@GCacheId String id, int page) {
            pagedCalls.incrementAndGet();
            return id + "/" + page + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "InvUntracked", trackForInvalidation = false, local = @GCached.Layer(ttl = "1h"))
        public String untracked(@GCacheId String id) {
            untrackedCalls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "InvUntrackedRemote", trackForInvalidation = false, remote = @GCached.Layer(ttl = "1h"))
        public String untrackedRemote(@GCacheId String id) {
            untrackedRemoteCalls.incrementAndGet();
            return id + "@v" + version.get();
        }
    }
}
