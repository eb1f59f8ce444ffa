package io.quarkiverse.gcache.test.fill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Issue 10 item 8: the body of a {@code Uni} or {@code CompletionStage} method runs where its caller would run it
 * uncached, not on Redis's reply thread nor on the timer thread of a REMOTE timeout. A worker caller's body may block;
 * an event-loop caller's body runs on that caller's event loop. Real redis-server, REMOTE only, so that every first
 * call reads REMOTE and misses.
 */
class CallerThreadTest {

    static final SharedRedis REDIS = SharedRedis.get(CallerThreadTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Bodies.class, Body.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Bodies bodies;

    @Inject
    GCache gcache;

    /**
     * The event-loop callers run on a Vert.x of their own, so that their thread is never the one Redis answers on (with
     * Quarkus's own Vert.x both may be the same event loop, and a wrong hop would go unnoticed).
     */
    static Vertx callers;

    @org.junit.jupiter.api.BeforeAll
    static void startCallers() {
        callers = Vertx.vertx();
    }

    @AfterAll
    static void stopCallers() throws Exception {
        callers.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
        bodies.clear();
    }

    @Test
    void aWorkerCallersUniBodyRunsOnTheCallersThreadAfterARemoteMiss() {
        Thread caller = Thread.currentThread();
        try (GCacheScope scope = gcache.enable()) {
            assertThat(bodies.uni("w1").await().atMost(java.time.Duration.ofSeconds(10))).isEqualTo("uni-w1");
        }
        assertThat(bodies.runs()).containsExactly(new Body(caller, true));
    }

    @Test
    void aWorkerCallersStageBodyRunsOnTheCallersThreadAndAHitCompletesThere() throws Exception {
        Thread caller = Thread.currentThread();
        try (GCacheScope scope = gcache.enable()) {
            assertThat(bodies.stage("w2").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("stage-w2");
            // a REMOTE hit: the caller's own continuation runs on the caller's thread, not on the event loop
            Thread continuedOn = bodies.stage("w2").thenApply(v -> Thread.currentThread())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(continuedOn).isEqualTo(caller);
        }
        assertThat(bodies.runs()).containsExactly(new Body(caller, true));
    }

    @Test
    void anEventLoopCallersUniBodyRunsOnThatEventLoop() throws Exception {
        CompletableFuture<Thread> callerThread = new CompletableFuture<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        Context context = callers.getOrCreateContext();
        context.runOnContext(ignored -> {
            callerThread.complete(Thread.currentThread());
            try (GCacheScope scope = gcache.enable()) {
                bodies.uni("e1").subscribe().with(result::complete, result::completeExceptionally);
            }
        });
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("uni-e1");
        assertThat(bodies.runs()).containsExactly(new Body(callerThread.get(), false));
    }

    @Test
    void afterARemoteTimeoutTheBodyRunsOnTheCallersEventLoopNotOnTheTimer() throws Exception {
        CompletableFuture<Thread> callerThread = new CompletableFuture<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        REDIS.pause();
        try {
            callers.getOrCreateContext().runOnContext(ignored -> {
                callerThread.complete(Thread.currentThread());
                try (GCacheScope scope = gcache.enable()) {
                    bodies.uni("t1").subscribe().with(result::complete, result::completeExceptionally);
                }
            });
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("uni-t1");
        } finally {
            REDIS.resume();
        }
        assertThat(bodies.runs()).containsExactly(new Body(callerThread.get(), false));
    }

    @Test
    void afterARemoteTimeoutAWorkerCallersBodyRunsOnTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        REDIS.pause();
        try (GCacheScope scope = gcache.enable()) {
            assertThat(bodies.uni("t2").await().atMost(java.time.Duration.ofSeconds(10))).isEqualTo("uni-t2");
        } finally {
            REDIS.resume();
        }
        assertThat(bodies.runs()).containsExactly(new Body(caller, true));
    }

    /** Not an assertion: how long a 1 MB value's JSON encoding and decoding take, the work an event loop would do. */
    @Test
    void measureTheCodecWorkOfAOneMegabyteValue() throws Exception {
        List<String> value = new ArrayList<>();
        for (int i = 0; i < 16_384; i++) {
            value.add("x".repeat(60) + i);
        }
        long encode = Long.MAX_VALUE;
        long decode = Long.MAX_VALUE;
        byte[] bytes = null;
        for (int round = 0; round < 20; round++) { // the best of 20, after the JIT warmed up
            long start = System.nanoTime();
            bytes = mapper.writeValueAsBytes(value);
            encode = Math.min(encode, System.nanoTime() - start);
            start = System.nanoTime();
            mapper.readValue(bytes, List.class);
            decode = Math.min(decode, System.nanoTime() - start);
        }
        System.out.printf("CallerThreadTest: a %d-byte value takes %.2f ms to encode and %.2f ms to decode%n",
                bytes.length, encode / 1e6, decode / 1e6);
    }

    public record Body(Thread thread, boolean blockingAllowed) {
    }

    @ApplicationScoped
    public static class Bodies {

        private final List<Body> runs = new ArrayList<>();

        synchronized void clear() {
            runs.clear();
        }

        synchronized List<Body> runs() {
            return new ArrayList<>(runs);
        }

        private synchronized void record() {
            runs.add(new Body(Thread.currentThread(), BlockingOperationControl.isBlockingAllowed()));
        }

        @GCached(keyType = "item", useCase = "UniBody", remote = @GCached.Layer(ttl = "1h"))
        public Uni<String> uni(@GCacheId String id) {
            record();
            return Uni.createFrom().item("uni-" + id);
        }

        @GCached(keyType = "item", useCase = "StageBody", remote = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> stage(@GCacheId String id) {
            record();
            return CompletableFuture.completedFuture("stage-" + id);
        }
    }
}
