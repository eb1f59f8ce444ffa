package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

/**
 * SPEC §4.7: a value's creation time is when its read started, so an invalidation that lands while the method
 * runs makes that fill stale. With no future buffer, the fill's result is never served after the invalidation,
 * neither from REMOTE nor from LOCAL, nor to a caller that comes after the invalidation while the fill still runs.
 */
class FillInvalidateRaceTest {

    static final SharedRedis REDIS = SharedRedis.get(FillInvalidateRaceTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Slow.class, RedisClock.class, InvalidationBarrier.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            // Counts of method runs are asserted: a Redis answer slowed by a busy machine must not turn into a miss.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Slow slow;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Inject
    InvalidationBarrier barrier;

    ExecutorService executor;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        ownMessageHandled(); // an earlier test's invalidation must not drop this test's entries
        REDIS.command("FLUSHALL");
        gcache.flush();
        // A usable estimate of the Redis clock, so that REMOTE reads are plain MGETs timed by it (asserted below).
        engine.remote().sampleClock().await().atMost(Duration.ofSeconds(5));
        REDIS.command("CONFIG", "RESETSTAT");
        Slow.version.set(1);
        Slow.calls.set(0);
        Slow.block = false;
        Slow.entered = new CountDownLatch(1);
        Slow.release = new CountDownLatch(1);
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        Slow.release.countDown(); // never leave a method blocked, whatever an assertion did
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Lets this process hear its own invalidation message, which drops the entity's LOCAL entries once more: before
     * a blocked fill ends, so that the message cannot hide a stale result the fill kept in LOCAL.
     */
    void ownMessageHandled() {
        InvalidationBarrier.pass(barrier, gcache, REDIS);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    <T> Future<T> cachedInAnotherThread(Supplier<T> call) {
        return executor.submit(() -> cached(call));
    }

    @Test
    void remoteOnlyAFillThatAnInvalidationOvertookIsNotServedAfterwards() throws Exception {
        assertThat(fillOvertakenByAnInvalidation(() -> slow.remote("42"))).isEqualTo("42@v1");
        assertReadWasPlain();
        // The stale fill, created when its read started, before the watermark, was not even written to Redis: the
        // write script checks the watermark (it would otherwise live on in Redis, stale, until its TTL).
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#SlowRemote")).isEqualTo(0L);
        long watermark = RedisClock.watermark(REDIS, "user_id", "42");

        // (Past the watermark's millisecond, so that the refill is fresh: one made within it would be stale too.)
        RedisClock.awaitPast(REDIS, engine, watermark);
        assertThat(cached(() -> slow.remote("42"))).isEqualTo("42@v2");
        assertThat(Slow.calls).hasValue(2);
        assertThat(cached(() -> slow.remote("42"))).isEqualTo("42@v2");
        assertThat(Slow.calls).hasValue(2);
    }

    @Test
    void localAndRemoteAFillThatAnInvalidationOvertookIsNotServedAfterwards() throws Exception {
        assertThat(fillOvertakenByAnInvalidation(() -> slow.both("42"))).isEqualTo("42@v1");
        assertReadWasPlain();

        assertThat(cached(() -> slow.both("42"))).isEqualTo("42@v2"); // neither LOCAL nor REMOTE serve "v1"
        assertThat(Slow.calls).hasValue(2);
        assertThat(cached(() -> slow.both("42"))).isEqualTo("42@v2"); // the new value is kept in LOCAL
        assertThat(Slow.calls).hasValue(2);
    }

    @Test
    void localOnlyAFillThatAnInvalidationOvertookIsNotServedAfterwards() throws Exception {
        assertThat(fillOvertakenByAnInvalidation(() -> slow.local("42"))).isEqualTo("42@v1");

        assertThat(cached(() -> slow.local("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> slow.local("42"))).isEqualTo("42@v2");
        assertThat(Slow.calls).hasValue(2);
    }

    @Test
    void remoteOnlyACallAfterTheInvalidationDoesNotWaitForTheFillItOvertook() throws Exception {
        callAfterTheInvalidationRunsTheMethodItself(() -> slow.remote("42"));
    }

    @Test
    void localAndRemoteACallAfterTheInvalidationDoesNotWaitForTheFillItOvertook() throws Exception {
        callAfterTheInvalidationRunsTheMethodItself(() -> slow.both("42"));
    }

    @Test
    void localOnlyACallAfterTheInvalidationDoesNotWaitForTheFillItOvertook() throws Exception {
        callAfterTheInvalidationRunsTheMethodItself(() -> slow.local("42"));
    }

    /**
     * Concurrent misses share one fill (SPEC §4.5); but a call that starts after the invalidation must not wait for
     * a fill that read the old state: it runs the method itself.
     */
    private void callAfterTheInvalidationRunsTheMethodItself(Supplier<String> call) throws Exception {
        Slow.block = true;
        Future<String> first = cachedInAnotherThread(call);
        assertThat(Slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Slow.version.set(2);
        gcache.invalidate("user_id", "42");
        ownMessageHandled();

        Future<String> second = cachedInAnotherThread(call);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("42@v2");
        Slow.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("42@v1"); // its caller came before the invalidation
        assertThat(Slow.calls).hasValue(2);

        // Whatever order the two fills ended in, "v1" is never served again.
        RedisClock.awaitPast(REDIS, engine, RedisClock.watermark(REDIS, "user_id", "42"));
        assertThat(cached(call)).isEqualTo("42@v2");
        assertThat(cached(call)).isEqualTo("42@v2");
    }

    /**
     * The fill's REMOTE read was one plain MGET, its start time GCache's estimate of the Redis clock, not the read
     * script's TIME (the EVALSHAs are the invalidation and the write): the guarantee above holds on that path.
     */
    private void assertReadWasPlain() {
        String stats = (String) REDIS.command("INFO", "commandstats");
        assertThat(stats).contains("cmdstat_mget:calls=1,").contains("cmdstat_evalsha:calls=2,");
    }

    /** Starts a call whose method blocks, invalidates while it runs, lets it finish; gives what that call returned. */
    private String fillOvertakenByAnInvalidation(Supplier<String> call) throws Exception {
        Slow.block = true;
        Future<String> first = cachedInAnotherThread(call);
        assertThat(Slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Slow.version.set(2); // the database changes while the method still holds what it read before
        gcache.invalidate("user_id", "42");
        ownMessageHandled();
        Slow.release.countDown();
        String value = first.get(10, TimeUnit.SECONDS);
        assertThat(Slow.calls).hasValue(1);
        return value;
    }

    @ApplicationScoped
    public static class Slow {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();
        /** Whether the next call blocks (after reading the version) until {@link #release}. */
        static volatile boolean block;
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @GCached(keyType = "user_id", useCase = "SlowRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            return run(id);
        }

        @GCached(keyType = "user_id", useCase = "SlowBoth", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String both(@GCacheId String id) {
            return run(id);
        }

        @GCached(keyType = "user_id", useCase = "SlowLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            return run(id);
        }

        private static String run(String id) {
            calls.incrementAndGet();
            String value = id + "@v" + version.get();
            if (block) {
                block = false;
                entered.countDown();
                try {
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return value;
        }
    }
}
