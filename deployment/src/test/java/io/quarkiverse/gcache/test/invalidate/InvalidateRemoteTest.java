package io.quarkiverse.gcache.test.invalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code @GCacheInvalidate} on a real redis-server: the write moves the entity's watermark in Redis, which is what
 * every other process reads (a REMOTE-only read here is such a reader, holding nothing locally); a future buffer puts
 * the watermark ahead of the Redis clock; with Redis frozen the write still returns its own result, and this
 * process's LOCAL entries are dropped at once.
 */
class InvalidateRemoteTest {

    static final SharedRedis REDIS = SharedRedis.get(InvalidateRemoteTest.class.getName());
    static final String WATERMARK = "{urn:gcache:user_id:42}#watermark";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Reads.class, Writes.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            // Counts of method runs are asserted: a Redis answer slowed by a busy machine must not turn into a miss.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Reads reads;

    @Inject
    Writes writes;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Reads.version.set(1);
        Reads.remoteCalls.set(0);
        Reads.localCalls.set(0);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void aWriteMovesTheWatermarkThatOtherProcessesRead() {
        assertThat(cached(() -> reads.remote("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> reads.remote("42"))).isEqualTo("42@v1");
        assertThat(Reads.remoteCalls).hasValue(1);
        long before = redisMillis();

        assertThat(writes.rename("42")).isEqualTo("renamed 42");

        // The watermark was set on the Redis clock before the write returned.
        long watermark = Long.parseLong((String) REDIS.command("GET", WATERMARK));
        assertThat(watermark).isBetween(before, redisMillis());
        // A reader with nothing local (as another process) finds the REMOTE entry stale, and reads the new data.
        await().atMost(Duration.ofSeconds(5)).until(() -> redisMillis() > watermark);
        assertThat(cached(() -> reads.remote("42"))).isEqualTo("42@v2");
        assertThat(Reads.remoteCalls).hasValue(2);
    }

    @Test
    void aUniWriteMovesTheWatermarkBeforeItsItemArrives() {
        cached(() -> reads.remote("42"));
        long before = redisMillis();

        assertThat(writes.renameUni("42").await().atMost(Duration.ofSeconds(10))).isEqualTo("renamed 42");

        assertThat(Long.parseLong((String) REDIS.command("GET", WATERMARK))).isGreaterThanOrEqualTo(before);
    }

    @Test
    void theFutureBufferPutsTheWatermarkAheadAndNothingIsCachedMeanwhile() {
        cached(() -> reads.remote("42"));

        writes.renameBuffered("42");

        long watermark = Long.parseLong((String) REDIS.command("GET", WATERMARK));
        assertThat(watermark).isGreaterThan(redisMillis() + 1_000); // futureBuffer = "5s"
        for (int i = 0; i < 3; i++) {
            assertThat(cached(() -> reads.remote("42"))).isEqualTo("42@v2");
            assertThat(cached(() -> reads.local("42"))).isEqualTo("42@v2");
        }
        assertThat(redisMillis()).isLessThan(watermark); // all of it inside the buffer
        assertThat(Reads.remoteCalls).hasValue(4);
        assertThat(Reads.localCalls).hasValue(3);
    }

    @Test
    void withRedisFrozenTheWriteReturnsItsResultAndLocalIsDropped() {
        assertThat(cached(() -> reads.local("42"))).isEqualTo("42@v1");
        REDIS.pause(); // neither the watermark script's answer nor the message can arrive
        try {
            String result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> writes.rename("42"));
            assertThat(result).isEqualTo("renamed 42");
            assertThat(cached(() -> reads.local("42"))).isEqualTo("42@v2");
            assertThat(Reads.localCalls).hasValue(2);
        } finally {
            REDIS.resume();
        }
    }

    private static long redisMillis() {
        List<?> time = (List<?>) REDIS.command("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    @ApplicationScoped
    public static class Reads {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger remoteCalls = new AtomicInteger();
        static final AtomicInteger localCalls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "InvRemoteOnly", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            remoteCalls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "InvLocalOnly", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            localCalls.incrementAndGet();
            return id + "@v" + version.get();
        }
    }

    @ApplicationScoped
    public static class Writes {

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public String rename(String id) {
            Reads.version.incrementAndGet();
            return "renamed " + id;
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public Uni<String> renameUni(String id) {
            return Uni.createFrom().item(() -> {
                Reads.version.incrementAndGet();
                return "renamed " + id;
            });
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id", futureBuffer = "5s")
        public void renameBuffered(String id) {
            Reads.version.incrementAndGet();
        }
    }
}
