package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;

/**
 * What makes an entry fresh, on a real redis-server (SPEC §4, §5, §15): a REMOTE entry lives from its creation time
 * and never outlives its entity's watermark; an invalidation's future buffer holds for LOCAL whatever path a fill
 * took, in this process and, through the invalidation message, in the others; {@code max-value-size} counts the
 * payload only.
 */
class RemoteFreshnessTest {

    static final SharedRedis REDIS = SharedRedis.get(RemoteFreshnessTest.class.getName());
    static final String CHANNEL = "urn:gcache:invalidations";
    /** A short watermark TTL, so that a test can see a watermark expire. */
    static final Duration WATERMARK_TTL = Duration.ofSeconds(2);
    static final int MAX_VALUE_SIZE = 64;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Fresh.class, RedisClock.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.watermark-ttl", WATERMARK_TTL.toMillis() + "ms")
            .overrideConfigKey("quarkus.gcache.remote.max-value-size", Integer.toString(MAX_VALUE_SIZE))
            // Counts of method runs are asserted: a Redis answer slowed by a busy machine must not turn into a miss.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Fresh fresh;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Inject
    Vertx vertx;

    private ExecutorService pool;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Fresh.version.set(1);
        Fresh.calls.set(0);
        Fresh.entered = new CountDownLatch(1);
        Fresh.release = new CountDownLatch(1);
        pool = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        Fresh.release.countDown();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    <T> Future<T> cachedInThread(Supplier<T> call) {
        return pool.submit(() -> cached(call));
    }

    // ---- REMOTE: an entry lives from its creation time, and never longer than its watermark --------------------

    @Test
    void aFillOvertakenByAnInvalidationIsNotServedOnceTheWatermarkHasExpired() throws Exception {
        // STEP 1: a fill reads REMOTE (a miss) and its method is still running when the entity is invalidated.
        Future<String> fill = cachedInThread(() -> fresh.slow("42"));
        assertThat(Fresh.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Fresh.version.set(2);
        gcache.invalidate("user_id", "42");
        String watermark = "{urn:gcache:user_id:42}#watermark";
        assertThat(REDIS.command("EXISTS", watermark)).isEqualTo(1L);

        // STEP 2: the method returns its (now stale) v1 late, when the watermark has less than half its life left.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> (Long) REDIS.command("PTTL", watermark) < WATERMARK_TTL.toMillis() / 2);
        Fresh.release.countDown();
        assertThat(fill.get(10, TimeUnit.SECONDS)).isEqualTo("42@v1"); // its caller gets it: it asked before

        // STEP 3: once the watermark has expired, nothing may serve that v1 as fresh.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> REDIS.command("EXISTS", watermark).equals(0L));
        assertThat(cached(() -> fresh.slow("42"))).isEqualTo("42@v2");
    }

    @Test
    void aRemoteEntryLivesItsTtlFromItsCreationTimeNotFromItsWrite() throws Exception {
        // The read's start on the Redis clock as GCache estimates it (early, never late): a fresh sample, then the
        // estimate, which a read started later cannot fall below.
        engine.remote().sampleClock().await().atMost(Duration.ofSeconds(5));
        long before = engine.remote().startTime();
        Future<String> fill = cachedInThread(() -> fresh.untrackedSlow("7"));
        assertThat(Fresh.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // the method takes 300 ms or more on the Redis clock
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> RedisClock.millis(REDIS) > before + 300);
        Fresh.release.countDown();
        fill.get(10, TimeUnit.SECONDS);

        String entry = (String) REDIS.command("GET", "urn:gcache:user_id:7#FreshUntrackedSlow");
        long created = Long.parseLong(entry.substring(0, entry.indexOf(':')));
        long now = RedisClock.millis(REDIS);
        long pttl = (Long) REDIS.command("PTTL", "urn:gcache:user_id:7#FreshUntrackedSlow");
        long expiresNoEarlierThan = now + pttl;
        System.out.printf("REMOTE entry created %d, expires at or after %d: %d ms after its creation (ttl 3600000)%n",
                created, expiresNoEarlierThan, expiresNoEarlierThan - created);
        assertThat(created).isBetween(before, before + 300);
        assertThat(expiresNoEarlierThan).as("expiry of an entry created at %d with ttl 1h", created)
                .isLessThanOrEqualTo(created + Duration.ofHours(1).toMillis() + 1);
    }

    @Test
    void aRemoteTtlLongerThanTheWatermarkTtlIsCutToIt() {
        assertThat(cached(() -> fresh.longLived("42"))).isEqualTo("42@v1");
        long pttl = (Long) REDIS.command("PTTL", "{urn:gcache:user_id:42}#FreshLongLived");
        // remote ttl 1h, watermark-ttl 2s: an invalidation's watermark would expire before the entry
        assertThat(pttl).isBetween(1L, WATERMARK_TTL.toMillis());
        assertThat(cached(() -> fresh.longLived("42"))).isEqualTo("42@v1");
        assertThat(Fresh.calls).hasValue(1);
    }

    // ---- the future buffer holds for LOCAL whatever path the fill took ---------------------------------------

    @Test
    void aFutureBufferKeepsLocalFromFillingWhenRemoteIsRampedDown() {
        assertThat(cached(() -> fresh.rampedDown("43"))).isEqualTo("43@v1");
        assertThat(cached(() -> fresh.rampedDown("43"))).isEqualTo("43@v1");
        Fresh.version.set(2);

        gcache.invalidate("user_id", "43", Duration.ofMinutes(1));

        // a lagging replica may still answer v1 for a while: nothing read during the buffer may stay in LOCAL
        for (int i = 0; i < 3; i++) {
            cached(() -> fresh.rampedDown("43"));
        }
        assertThat(Fresh.calls).hasValue(4);
    }

    @Test
    void aBufferedInvalidationMessageFromAnotherProcessKeepsLocalFromFilling() {
        assertThat(cached(() -> fresh.local("44"))).isEqualTo("44@v1");
        Fresh.version.set(2);

        // what another process's invalidate("user_id", "44", 60s) publishes besides the plain "user_id:44"
        assertThat(REDIS.command("PUBLISH", CHANNEL, "user_id+60000:44")).isEqualTo(1L);

        await().atMost(Duration.ofSeconds(5)).until(() -> cached(() -> fresh.local("44")).equals("44@v2"));
        int calls = Fresh.calls.get();
        cached(() -> fresh.local("44"));
        cached(() -> fresh.local("44"));
        assertThat(Fresh.calls).as("runs during the buffer").hasValue(calls + 2);
    }

    @Test
    void anInvalidationWithABufferTellsTheOtherProcessesHowLongItLasts() {
        List<String> messages = new CopyOnWriteArrayList<>();
        RedisConnection subscriber = Redis.createClient(vertx, REDIS.uri()).connect().await().atMost(Duration.ofSeconds(5));
        try {
            subscriber.handler(reply -> {
                if (reply.size() >= 3 && "message".equals(reply.get(0).toString())) {
                    messages.add(reply.get(2).toString());
                }
            });
            subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).await().atMost(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> (Long) REDIS.command("PUBLISH", CHANNEL, "probe:0") >= 2L); // GCache and us

            gcache.invalidate("user_id", "45", Duration.ofSeconds(30));
            gcache.invalidate("user_id", "46");

            await().atMost(Duration.ofSeconds(5)).until(() -> messages.contains("user_id:46"));
            System.out.println("Invalidation messages: " + messages);
            assertThat(messages).contains("user_id:45"); // the form every reader knows, Python GCache's included
            String buffered = messages.stream().filter(m -> m.startsWith("user_id+")).findFirst().orElse(null);
            assertThat(buffered).as("a message with the buffer, in %s", messages).matches("user_id\\+\\d+:45");
            long bufferMillis = Long.parseLong(buffered.substring("user_id+".length(), buffered.indexOf(':')));
            assertThat(bufferMillis).isBetween(Duration.ofSeconds(25).toMillis(), Duration.ofSeconds(30).toMillis());
            assertThat(messages).filteredOn(m -> m.endsWith(":46")).containsExactly("user_id:46"); // no buffer, no extra
        } finally {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    // ---- max-value-size counts the payload ----------------------------------------------------------------

    @Test
    void aPayloadOfExactlyMaxValueSizeIsWrittenAndOneByteMoreIsNot() {
        cached(() -> fresh.sized(Integer.toString(MAX_VALUE_SIZE)));
        cached(() -> fresh.sized(Integer.toString(MAX_VALUE_SIZE + 1)));
        assertThat(REDIS.command("EXISTS", "{urn:gcache:size:" + MAX_VALUE_SIZE + "}#FreshSized"))
                .as("a payload of exactly %d bytes", MAX_VALUE_SIZE).isEqualTo(1L);
        assertThat(REDIS.command("EXISTS", "{urn:gcache:size:" + (MAX_VALUE_SIZE + 1) + "}#FreshSized")).isEqualTo(0L);
    }

    @ApplicationScoped
    public static class Fresh {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        private static String answer(String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        private static String slowAnswer(String id) {
            String value = answer(id); // what the database says when the method reads it
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return value;
        }

        @GCached(keyType = "user_id", useCase = "FreshSlow", remote = @GCached.Layer(ttl = "2s"))
        public String slow(@GCacheId String id) {
            return slowAnswer(id);
        }

        @GCached(keyType = "user_id", useCase = "FreshUntrackedSlow", trackForInvalidation = false,
                remote = @GCached.Layer(ttl = "1h"))
        public String untrackedSlow(@GCacheId String id) {
            return slowAnswer(id);
        }

        @GCached(keyType = "user_id", useCase = "FreshLongLived", remote = @GCached.Layer(ttl = "1h"))
        public String longLived(@GCacheId String id) {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "FreshRampedDown", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h", ramp = 0))
        public String rampedDown(@GCacheId String id) {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "FreshLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            return answer(id);
        }

        /** A string whose JSON payload is {@code length} bytes: the quotes and length - 2 characters. */
        @GCached(keyType = "size", useCase = "FreshSized", remote = @GCached.Layer(ttl = "1h"))
        public String sized(@GCacheId String length) {
            return "x".repeat(Integer.parseInt(length) - 2);
        }
    }
}
