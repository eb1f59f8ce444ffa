package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;

/**
 * Edge inputs of the run side on a real redis-server: future buffers that are negative or huge, ids that carry the
 * invalidation message's own separators or a lone surrogate through pub/sub ("another process" is the test's own
 * connection re-publishing what this process's {@code invalidate} published), and a cached method that calls itself
 * for the same key through another thread pool.
 */
class RunEdgesTest {

    static final SharedRedis REDIS = SharedRedis.get(RunEdgesTest.class.getName());
    static final String CHANNEL = "urn:gcache:invalidations";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Edges.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Edges edges;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Inject
    Vertx vertx;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Edges.version.set(1);
        Edges.calls.set(0);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    // ---- future buffers out of the ordinary ---------------------------------------------------------------

    @Test
    void aNegativeFutureBufferStillInvalidatesRemote() {
        assertThat(cached(() -> edges.remote("1"))).isEqualTo("1@v1");
        assertThat(cached(() -> edges.remote("1"))).isEqualTo("1@v1");
        Edges.version.set(2);

        gcache.invalidate("user_id", "1", Duration.ofSeconds(-10));

        assertThat(cached(() -> edges.remote("1"))).as("the call after the invalidation").isEqualTo("1@v2");
    }

    @Test
    void aHugeFutureBufferStillInvalidatesRemote() {
        assertThat(cached(() -> edges.remote("2"))).isEqualTo("2@v1");
        Edges.version.set(2);

        gcache.invalidate("user_id", "2", Duration.ofMillis(Long.MAX_VALUE));

        assertThat(cached(() -> edges.remote("2"))).as("the call after the invalidation").isEqualTo("2@v2");
        Edges.version.set(3);
        assertThat(cached(() -> edges.remote("2"))).as("during the buffer nothing is kept").isEqualTo("2@v3");
    }

    @Test
    void aFutureBufferTooLongForMillisecondsIsNotThrownAtTheCaller() {
        assertThat(cached(() -> edges.remote("3"))).isEqualTo("3@v1");
        Edges.version.set(2);

        gcache.invalidate("user_id", "3", Duration.ofSeconds(Long.MAX_VALUE));
        gcache.invalidateAsync("user_id", "3", Duration.ofSeconds(Long.MAX_VALUE)).await().atMost(Duration.ofSeconds(10));

        assertThat(cached(() -> edges.remote("3"))).isEqualTo("3@v2");
    }

    // ---- odd ids through the invalidation message ---------------------------------------------------------

    @Test
    void anIdWithColonAndPlusReachesAnotherProcessUnderADottedDashedKeyType() throws Exception {
        assertReachesAnotherProcess("a+5:b", id -> edges.line(id));
    }

    @Test
    void aLoneSurrogateIdReachesAnotherProcess() throws Exception {
        assertReachesAnotherProcess("x\uD800y", id -> edges.user(id));
    }

    private void assertReachesAnotherProcess(String id, java.util.function.Function<String, String> method)
            throws Exception {
        List<byte[]> messages = new CopyOnWriteArrayList<>();
        RedisConnection subscriber = Redis.createClient(vertx, REDIS.uri()).connect().await().atMost(Duration.ofSeconds(5));
        try {
            subscriber.handler(reply -> {
                if (reply.size() >= 3 && "message".equals(reply.get(0).toString())) {
                    messages.add(reply.get(2).toBytes());
                }
            });
            subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).await().atMost(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> (Long) REDIS.command("PUBLISH", CHANNEL, "probe:0") >= 2L); // GCache and us
            messages.clear();

            String keyType = method.apply("probe-type-" + id).split("@")[0]; // not cached: just the key type
            assertThat(cached(() -> method.apply(id))).endsWith("@v1");
            gcache.invalidate(keyType, id); // what this process publishes for the entity
            // a marker after it: the channel delivers in order, so all the invalidation published has arrived with it
            REDIS.command("PUBLISH", CHANNEL, "marker:0");
            await().atMost(Duration.ofSeconds(5)).until(() -> messages.stream().anyMatch(m -> new String(m,
                    java.nio.charset.StandardCharsets.UTF_8).equals("marker:0")));
            List<byte[]> published = messages.stream()
                    .filter(m -> new String(m, java.nio.charset.StandardCharsets.UTF_8).startsWith(keyType)).toList();
            for (byte[] message : published) {
                System.out.printf("invalidate(%s, %s) published %s%n", keyType, escape(id),
                        escape(new String(message, java.nio.charset.StandardCharsets.UTF_8)));
            }

            // Now this process plays the other one: it holds v2 of the entity in LOCAL when the message arrives.
            Edges.version.set(2);
            assertThat(cached(() -> method.apply(id))).endsWith("@v2");
            assertThat(cached(() -> method.apply(id))).endsWith("@v2");
            Edges.version.set(3);
            RedisConnection publisher = Redis.createClient(vertx, REDIS.uri()).connect().await()
                    .atMost(Duration.ofSeconds(5));
            try {
                for (byte[] message : published) {
                    publisher.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(Buffer.buffer(message))).await()
                            .atMost(Duration.ofSeconds(5));
                }
            } finally {
                publisher.close().await().atMost(Duration.ofSeconds(5));
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(cached(() -> method.apply(id)))
                            .as("the LOCAL entry of %s after another process invalidated it", escape(id))
                            .endsWith("@v3"));
        } finally {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    // ---- re-entrancy through another thread pool ----------------------------------------------------------

    @Test
    void aMethodThatCallsItselfThroughAnotherPoolEndsAfterTheDeadline() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Edges.pool = pool;
        try {
            long start = System.nanoTime();
            String answer = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> cached(() -> retrying("9")));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // fallback-timeout is 1s: the inner call waits for it at most, then runs the method itself
            System.out.printf("a self-call through another pool took %d ms (fallback-timeout 1000 ms)%n", millis);
            assertThat(answer).isEqualTo("9@v1(inner 9@v1)");
            assertThat(cached(() -> retrying("9"))).isEqualTo("9@v1(inner 9@v1)");
        } finally {
            pool.shutdownNow();
        }
    }

    private String gatedCall(String id) {
        try {
            return edges.gated(id);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String retrying(String id) {
        try {
            return edges.retrying(id, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- an interrupted follower -------------------------------------------------------------------------

    @Test
    void anInterruptedFollowerGetsTheMethodsOwnResultAndTheLeaderStillFills() throws Exception {
        Edges.gate = new java.util.concurrent.CountDownLatch(1);
        Edges.entered = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var leader = pool.submit(() -> cached(() -> gatedCall("5")));
            assertThat(Edges.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread[] followerThread = new Thread[1];
            var follower = pool.submit(() -> {
                followerThread[0] = Thread.currentThread();
                String value = cached(() -> gatedCall("5"));
                return value + (Thread.currentThread().isInterrupted() ? " interrupted" : "");
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> engine.useCase("EdgesGated").followersOf("5") == 1);
            followerThread[0].interrupt();
            // the follower stops waiting and runs the method itself (not gated: only the first run is)
            assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo("5@v1 interrupted");
            Edges.gate.countDown();
            assertThat(leader.get(10, TimeUnit.SECONDS)).isEqualTo("5@v1");
            int calls = Edges.calls.get();
            assertThat(cached(() -> gatedCall("5"))).isEqualTo("5@v1");
            assertThat(Edges.calls).as("the leader's result was kept").hasValue(calls);
        } finally {
            Edges.gate.countDown();
            pool.shutdownNow();
        }
    }

    @ApplicationScoped
    public static class Edges {
        static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
        static volatile java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        static final AtomicInteger gatedRuns = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "EdgesGated", local = @GCached.Layer(ttl = "1h"))
        public String gated(@GCacheId String id) throws InterruptedException {
            String value = answer(id);
            if (gatedRuns.getAndIncrement() == 0) {
                entered.countDown();
                gate.await(20, TimeUnit.SECONDS);
            }
            return value;
        }

        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();
        static volatile ExecutorService pool;

        @Inject
        GCache gcache;

        private static String answer(String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "EdgesRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "EdgesUser", local = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            return id.startsWith("probe-type-") ? "user_id@" : answer(id);
        }

        @GCached(keyType = "order.line-item", useCase = "EdgesLine", local = @GCached.Layer(ttl = "1h"))
        public String line(@GCacheId String id) {
            return id.startsWith("probe-type-") ? "order.line-item@" : answer(id);
        }

        @GCached(keyType = "user_id", useCase = "EdgesRetrying", local = @GCached.Layer(ttl = "1h"),
                fallbackTimeout = "1s")
        public String retrying(@GCacheId String id, @GCacheIgnore int depth) throws Exception {
            String mine = answer(id);
            if (depth == 0) {
                return mine;
            }
            Edges self = io.quarkus.arc.Arc.container().instance(Edges.class).get();
            String inner = pool.submit(() -> {
                try (GCacheScope scope = gcache.enable()) {
                    return self.retrying(id, depth - 1);
                }
            }).get(20, TimeUnit.SECONDS);
            return mine + "(inner " + inner + ")";
        }
    }
}
