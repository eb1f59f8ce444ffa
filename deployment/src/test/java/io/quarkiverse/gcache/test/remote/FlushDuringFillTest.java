package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkiverse.gcache.test.remote.FillInvalidateRaceTest.Slow;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code flush()} while a REMOTE fill runs. SPEC §4.7: a fill an invalidation overtook is never served afterwards,
 * a flush in between included.
 * The flush must leave the entity's watermark in place: had it unlinked it with the entries, the overtaken fill's
 * write, which the watermark refuses, would go through, and REMOTE would serve the stale value for its whole TTL.
 */
class FlushDuringFillTest {

    static final SharedRedis REDIS = SharedRedis.get(FlushDuringFillTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Slow.class, RedisClock.class, InvalidationBarrier.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
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
        InvalidationBarrier.pass(barrier, gcache, REDIS);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Slow.version.set(1);
        Slow.calls.set(0);
        Slow.block = false;
        Slow.entered = new CountDownLatch(1);
        Slow.release = new CountDownLatch(1);
        executor = Executors.newFixedThreadPool(1);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        Slow.release.countDown();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFillThatAnInvalidationOvertookIsNotServedAfterAFlush() throws Exception {
        Future<String> first = blockedFill();
        Slow.version.set(2);
        gcache.invalidate("user_id", "42");
        InvalidationBarrier.pass(barrier, gcache, REDIS);
        gcache.flush(); // the operator empties the cache while the stale fill still runs
        Slow.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("42@v1");

        assertThat(cached(() -> slow.remote("42"))).as("the overtaken fill is never served (SPEC §4.7)")
                .isEqualTo("42@v2");
    }

    @Test
    void aFlushRemovesTheEntriesAndKeepsTheWatermarks() {
        assertThat(cached(() -> slow.remote("42"))).isEqualTo("42@v1");
        gcache.invalidate("user_id", "42");
        assertThat(cached(() -> slow.remote("42"))).isEqualTo("42@v1"); // refilled after the watermark
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#SlowRemote")).isEqualTo(1L);

        gcache.flush();

        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#SlowRemote")).as("the entry").isEqualTo(0L);
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#watermark")).as("the watermark").isEqualTo(1L);
    }

    private Future<String> blockedFill() throws InterruptedException {
        Slow.block = true;
        Future<String> first = executor.submit(() -> cached(() -> slow.remote("42")));
        assertThat(Slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }
}
