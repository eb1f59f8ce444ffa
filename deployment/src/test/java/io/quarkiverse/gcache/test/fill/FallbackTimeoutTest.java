package io.quarkiverse.gcache.test.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheFallbackTimeoutException;
import io.quarkiverse.gcache.GCacheFlights;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The fallback-timeout of {@code Uni} and {@code CompletionStage} methods (SPEC §11), on a real redis-server with LOCAL
 * and REMOTE on: a method that never completes fails its caller and every follower with
 * {@link GCacheFallbackTimeoutException}; a result that comes after the deadline is cached nowhere; the next call leads
 * a fresh flight; a use case that sets no fallback-timeout is not bounded. {@link GCache#inFlight()} shows a stuck
 * fill with its followers.
 */
class FallbackTimeoutTest {

    static final SharedRedis REDIS = SharedRedis.get(FallbackTimeoutTest.class.getName());
    static final Duration BOUND = Duration.ofSeconds(30);
    static final int FOLLOWERS = 5;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // set by an operator: the property wins over the annotation's 2s
            .overrideConfigKey("quarkus.gcache.use-case.\"BoundedStage\".fallback-timeout", "1500ms");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Service service;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
        service.reset();
    }

    @Test
    void aUniThatNeverCompletesFailsItsCallerAndItsFollowersAtTheDeadline() {
        assertTimeoutPreemptively(BOUND, () -> {
            // STEP 1: the leader's method never completes; followers of the same key queue behind it
            List<CompletableFuture<String>> calls = new ArrayList<>();
            calls.add(enabled(() -> service.uni("never")).subscribeAsCompletionStage());
            Awaitility.await().atMost(BOUND).until(() -> service.runs() == 1);
            for (int i = 0; i < FOLLOWERS; i++) {
                calls.add(enabled(() -> service.uni("never")).subscribeAsCompletionStage());
            }
            awaitFollowers("BoundedUni", "never", FOLLOWERS);

            // STEP 2: at the deadline every one of them fails with the same exception; the method ran once
            for (CompletableFuture<String> call : calls) {
                GCacheFallbackTimeoutException e = timeoutOf(call);
                assertThat(e.getUseCase()).isEqualTo("BoundedUni");
                assertThat(e.getTimeout()).isEqualTo(Duration.ofSeconds(2));
                assertThat(e.getMessage()).contains("BoundedUni").contains("fallback-timeout of 2s");
            }
            assertThat(service.runs()).isEqualTo(1);
            assertThat(gcache.inFlight().useCase("BoundedUni").leaders()).as("the failed flight ended").isZero();

            // STEP 3: the next call leads a fresh flight, whose timely result is cached
            service.answerAtOnce(true);
            assertThat(enabled(() -> service.uni("never")).await().atMost(BOUND)).isEqualTo("uni-never-2");
            assertThat(enabled(() -> service.uni("never")).await().atMost(BOUND)).isEqualTo("uni-never-2");
            assertThat(service.runs()).isEqualTo(2);
        });
    }

    @Test
    void aUniResultThatComesAfterTheDeadlineIsCachedNowhere() {
        assertTimeoutPreemptively(BOUND, () -> {
            // STEP 1: the method answers only after its caller got the timeout
            CompletableFuture<String> late = enabled(() -> service.uni("late")).subscribeAsCompletionStage();
            timeoutOf(late);
            service.completePending("late-value");

            // STEP 2: neither REMOTE nor LOCAL has it: the next call runs the method, and its result is the one kept
            UseCase uc = engine.useCase("BoundedUni");
            assertThat(REDIS.command("EXISTS", uc.urn("late", engine.keyspace()))).isEqualTo(0L);
            service.answerAtOnce(true);
            assertThat(enabled(() -> service.uni("late")).await().atMost(BOUND)).isEqualTo("uni-late-2");
            assertThat(REDIS.command("EXISTS", uc.urn("late", engine.keyspace()))).isEqualTo(1L);
            assertThat(enabled(() -> service.uni("late")).await().atMost(BOUND)).isEqualTo("uni-late-2");
            assertThat(service.runs()).isEqualTo(2);
        });
    }

    @Test
    void aCompletionStageIsBoundedAlikeAndItsLateResultIsCachedNowhere() {
        assertTimeoutPreemptively(BOUND, () -> {
            // STEP 1: a stage that does not complete in time, with followers
            List<CompletableFuture<String>> calls = new ArrayList<>();
            calls.add(enabled(() -> service.stage("s1")).toCompletableFuture());
            Awaitility.await().atMost(BOUND).until(() -> service.runs() == 1);
            for (int i = 0; i < FOLLOWERS; i++) {
                calls.add(enabled(() -> service.stage("s1")).toCompletableFuture());
            }
            awaitFollowers("BoundedStage", "s1", FOLLOWERS);

            // STEP 2: all fail with the property's deadline, then the late result comes
            for (CompletableFuture<String> call : calls) {
                GCacheFallbackTimeoutException e = timeoutOf(call);
                assertThat(e.getUseCase()).isEqualTo("BoundedStage");
                assertThat(e.getTimeout()).isEqualTo(Duration.ofMillis(1500));
                assertThat(e.getMessage()).contains("fallback-timeout of 1500ms");
            }
            service.completePending("late-value");

            // STEP 3: cached nowhere; the next call runs the method, and its result is kept
            UseCase uc = engine.useCase("BoundedStage");
            assertThat(REDIS.command("EXISTS", uc.urn("s1", engine.keyspace()))).isEqualTo(0L);
            service.answerAtOnce(true);
            assertThat(enabled(() -> service.stage("s1")).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isEqualTo("stage-s1-2");
            assertThat(enabled(() -> service.stage("s1")).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isEqualTo("stage-s1-2");
            assertThat(service.runs()).isEqualTo(2);
        });
    }

    @Test
    void aUseCaseWithoutAFallbackTimeoutIsNotBoundedAndAnUncachedCallNeither() {
        assertThat(engine.settings().methodTimeoutNanos(engine.useCase("UnboundedUni").index())).isZero();
        assertThat(engine.settings().methodTimeoutNanos(engine.useCase("BoundedUni").index()))
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertTimeoutPreemptively(BOUND, () -> {
            // outside an enable scope the bounded use case runs as uncached; a cached call subscribed after it times out
            CompletableFuture<String> uncached = service.uni("free").subscribeAsCompletionStage();
            Awaitility.await().atMost(BOUND).until(() -> service.runs() == 1);
            timeoutOf(enabled(() -> service.uni("bounded")).subscribeAsCompletionStage());

            // STEP 2: the uncached call, older than the one that timed out, still waits for its method's own result
            assertThat(uncached).isNotDone();
            service.completePending("own");
            assertThat(uncached.get(30, TimeUnit.SECONDS)).isEqualTo("own");
        });
    }

    @Test
    void inFlightShowsAStuckLeaderItsFollowersAndAnAgeThatGrows() {
        assertTimeoutPreemptively(BOUND, () -> {
            // STEP 1: one stuck fill of UnboundedUni, FOLLOWERS callers behind it
            List<CompletableFuture<String>> calls = new ArrayList<>();
            calls.add(enabled(() -> service.unbounded("k")).subscribeAsCompletionStage());
            Awaitility.await().atMost(BOUND).until(() -> service.runs() == 1);
            for (int i = 0; i < FOLLOWERS; i++) {
                calls.add(enabled(() -> service.unbounded("k")).subscribeAsCompletionStage());
            }
            awaitFollowers("UnboundedUni", "k", FOLLOWERS);

            // STEP 2: the snapshot shows 1 leader, the followers, and an age that grows between two snapshots
            GCacheFlights first = gcache.inFlight();
            GCacheFlights.UseCaseFlights f = first.useCase("UnboundedUni");
            assertThat(f.leaders()).isEqualTo(1);
            assertThat(f.followers()).isEqualTo(FOLLOWERS);
            assertThat(first.useCase("BoundedUni").leaders()).isZero();
            assertThat(first.leaders()).isEqualTo(1);
            assertThat(first.followers()).isEqualTo(FOLLOWERS);
            Awaitility.await().atMost(BOUND).until(
                    () -> gcache.inFlight().useCase("UnboundedUni").oldestLeaderAge().compareTo(f.oldestLeaderAge()) > 0);
            assertThat(f.oldestLeaderAge()).as("the snapshot does not change").isEqualTo(
                    first.useCase("UnboundedUni").oldestLeaderAge());

            // STEP 3: once the method answers, everyone has its result and nothing is in flight
            service.completePending("done");
            for (CompletableFuture<String> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("done");
            }
            Awaitility.await().atMost(BOUND).until(() -> gcache.inFlight().leaders() == 0);
            assertThat(gcache.inFlight().followers()).isZero();
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private <T> T enabled(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    private void awaitFollowers(String useCase, String id, int count) {
        Awaitility.await().atMost(BOUND).until(() -> engine.useCase(useCase).followersOf(id) == count);
    }

    private static GCacheFallbackTimeoutException timeoutOf(CompletableFuture<String> call) throws Exception {
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GCacheFallbackTimeoutException.class);
            return (GCacheFallbackTimeoutException) e.getCause();
        }
        throw new AssertionError("the call did not fail with GCacheFallbackTimeoutException");
    }

    @ApplicationScoped
    public static class Service {

        private final AtomicInteger runs = new AtomicInteger();
        /** Completes the method's run that has not answered yet (a Uni's emitter or a stage). */
        private final Queue<Consumer<String>> pending =
                new ConcurrentLinkedQueue<>();
        private volatile boolean answerAtOnce;

        void reset() {
            runs.set(0);
            pending.clear();
            answerAtOnce = false;
        }

        int runs() {
            return runs.get();
        }

        void answerAtOnce(boolean atOnce) {
            answerAtOnce = atOnce;
        }

        /** Completes every run that has not answered yet. */
        void completePending(String value) {
            Consumer<String> p;
            while ((p = pending.poll()) != null) {
                p.accept(value);
            }
        }

        @GCached(keyType = "item", useCase = "BoundedUni", fallbackTimeout = "2s", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public Uni<String> uni(@GCacheId String id) {
            return pendingUni("uni-" + id);
        }

        @GCached(keyType = "item", useCase = "UnboundedUni", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public Uni<String> unbounded(@GCacheId String id) {
            return pendingUni("unbounded-" + id);
        }

        @GCached(keyType = "item", useCase = "BoundedStage", fallbackTimeout = "2s",
                local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> stage(@GCacheId String id) {
            int run = runs.incrementAndGet();
            if (answerAtOnce) {
                return CompletableFuture.completedFuture("stage-" + id + "-" + run);
            }
            CompletableFuture<String> future = new CompletableFuture<>();
            pending.add(future::complete);
            return future;
        }

        private Uni<String> pendingUni(String prefix) {
            return Uni.createFrom().emitter((UniEmitter<? super String> emitter) -> {
                int run = runs.incrementAndGet();
                if (answerAtOnce) {
                    emitter.complete(prefix + "-" + run);
                } else {
                    pending.add(emitter::complete);
                }
            });
        }
    }
}
