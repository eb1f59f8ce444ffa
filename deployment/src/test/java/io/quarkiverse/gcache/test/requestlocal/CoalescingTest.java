package io.quarkiverse.gcache.test.requestlocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * SPEC §11, coalescing at both scopes: parallel {@code Uni}s of one request share one fill (counted
 * {@code scope="request_local"}), concurrent requests of one key share the process's fill (counted
 * {@code scope="process"}) but never a request-local-only one, and {@code coalesce = false} makes every caller run its
 * own fill at both scopes.
 */
public class CoalescingTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Slow.class, Request.class))
            .overrideConfigKey("quarkus.gcache.use-case.\"CoUniOff\".coalesce", "false");

    static final ExecutorService THREADS = Executors.newFixedThreadPool(3);

    @Inject
    Slow slow;

    @Inject
    Request request;

    @Inject
    GCache gcache;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        gcache.flush();
        slow.reset();
    }

    @AfterAll
    static void stop() {
        THREADS.shutdownNow();
    }

    @Test
    void parallelUnisOfOneScopeShareOneFill() {
        double before = coalesced("CoUni", "request_local");
        CompletableFuture<String> result = new CompletableFuture<>();
        slow.pending(result);
        UniAssertSubscriber<List<String>> all = gcache
                .enabled(() -> Uni.combine().all().unis(slow.uni("1"), slow.uni("1"), slow.uni("1")).asTuple()
                        .map(t -> List.of(t.getItem1(), t.getItem2(), t.getItem3())))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(slow.calls()).isEqualTo(1);
        result.complete("one");
        assertThat(all.awaitItem(Duration.ofSeconds(30)).getItem()).containsExactly("one", "one", "one");
        assertThat(slow.calls()).isEqualTo(1);
        assertThat(coalesced("CoUni", "request_local") - before).as("the two followers").isEqualTo(2);
    }

    @Test
    void anEnabledUniMethodIsOneScopeWithItsSubscription() {
        CompletableFuture<String> result = new CompletableFuture<>();
        slow.pending(result);
        UniAssertSubscriber<String> both = request.both("1").subscribe().withSubscriber(UniAssertSubscriber.create());
        result.complete("v");
        assertThat(both.awaitItem(Duration.ofSeconds(30)).getItem()).isEqualTo("v+v");
        assertThat(slow.calls()).isEqualTo(1);
    }

    @Test
    void twoScopesNeverShareARequestLocalOnlyFill() {
        CompletableFuture<String> result = new CompletableFuture<>();
        slow.pending(result);
        UniAssertSubscriber<String> first = gcache.enabled(() -> slow.uni("1")).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> second = gcache.enabled(() -> slow.uni("1")).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        result.complete("v");
        first.awaitItem(Duration.ofSeconds(30));
        second.awaitItem(Duration.ofSeconds(30));
        assertThat(slow.calls()).as("one fill per request: no process flight without LOCAL or REMOTE").isEqualTo(2);
    }

    @Test
    void coalesceFalseRunsEveryCallersFillButStillMemoizes() {
        double before = coalesced("CoUniOff", "request_local");
        CompletableFuture<String> result = new CompletableFuture<>();
        slow.pending(result);
        UniAssertSubscriber<String> all = gcache
                .enabled(() -> Uni.combine().all().unis(slow.uniOff("1"), slow.uniOff("1"), slow.uniOff("1"))
                        .with(list -> String.valueOf(list.size()))
                        .chain(n -> slow.uniOff("1").map(v -> n + ":" + v)))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(slow.calls()).isEqualTo(3);
        result.complete("v");
        assertThat(all.awaitItem(Duration.ofSeconds(30)).getItem()).isEqualTo("3:v");
        assertThat(slow.calls()).as("the fourth, after the others ended, is a memo hit").isEqualTo(3);
        assertThat(coalesced("CoUniOff", "request_local") - before).isZero();
    }

    @Test
    void aStageMethodIsMemoizedInItsScope() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(slow.stage("1").toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("stage-1-1");
            assertThat(slow.stage("1").toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("stage-1-1");
        }
        assertThat(slow.calls()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsShareTheProcessFillAndAreCounted() {
        double before = coalesced("CoBlocking", "process");
        assertThat(runThree("CoBlocking", id -> slow.blocking(id))).containsOnly("blocking-1");
        assertThat(slow.calls()).isEqualTo(1);
        assertThat(coalesced("CoBlocking", "process") - before).isEqualTo(2);
    }

    @Test
    void coalesceFalseRunsEveryCallersFillInTheProcess() {
        double before = coalesced("CoBlockingOff", "process");
        List<String> results = runThree("CoBlockingOff", id -> slow.blockingOff(id));
        assertThat(results).hasSize(3);
        assertThat(slow.calls()).as("all three ran the method at once").isEqualTo(3);
        assertThat(coalesced("CoBlockingOff", "process") - before).isZero();
    }

    /**
     * Three threads, each in a scope of its own, call the same key; the method holds until all three have arrived
     * (at the method or at the flight), then is released.
     */
    private List<String> runThree(String useCase, java.util.function.Function<String, String> call) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(THREADS.submit(() -> {
                    try (GCacheScope scope = gcache.enable()) {
                        return call.apply("1");
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.arrived() >= 1
                    && slow.arrived() + Math.max(0, slow.followers(useCase)) >= 3);
            slow.release();
            List<String> results = new ArrayList<>();
            for (Future<String> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        });
    }

    private double coalesced(String useCase, String scope) {
        Counter c = registry.find("gcache_coalesced_counter").tags("use_case", useCase, "scope", scope).counter();
        assertThat(c).as("gcache_coalesced_counter{use_case=%s,scope=%s} exists from start-up", useCase, scope)
                .isNotNull();
        return c.count();
    }

    @ApplicationScoped
    public static class Slow {

        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile CompletableFuture<String> pending;
        private volatile CountDownLatch gate = new CountDownLatch(1);

        @Inject
        io.quarkiverse.gcache.runtime.GCacheEngine engine;

        @GCached(keyType = "user_id", useCase = "CoUni", requestLocal = true)
        public Uni<String> uni(@GCacheId String id) {
            calls.incrementAndGet();
            CompletableFuture<String> future = pending;
            return Uni.createFrom().completionStage(() -> future);
        }

        @GCached(keyType = "user_id", useCase = "CoUniOff", requestLocal = true)
        public Uni<String> uniOff(@GCacheId String id) {
            calls.incrementAndGet();
            CompletableFuture<String> future = pending;
            return Uni.createFrom().completionStage(() -> future);
        }

        @GCached(keyType = "user_id", useCase = "CoStage", requestLocal = true)
        public CompletionStage<String> stage(@GCacheId String id) {
            return CompletableFuture.completedStage("stage-" + id + "-" + calls.incrementAndGet());
        }

        @GCached(keyType = "user_id", useCase = "CoBlocking", local = @GCached.Layer(ttl = "1h"))
        public String blocking(@GCacheId String id) {
            return hold("blocking-" + id);
        }

        @GCached(keyType = "user_id", useCase = "CoBlockingOff", coalesce = false, local = @GCached.Layer(ttl = "1h"))
        public String blockingOff(@GCacheId String id) {
            return hold("off-" + id);
        }

        private String hold(String value) {
            calls.incrementAndGet();
            arrived.incrementAndGet();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return value;
        }

        public int followers(String useCase) {
            return engine.useCase(useCase).followersOf("1");
        }

        public int arrived() {
            return arrived.get();
        }

        public void release() {
            gate.countDown();
        }

        public void pending(CompletableFuture<String> future) {
            pending = future;
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
            arrived.set(0);
            gate = new CountDownLatch(1);
            pending = null;
        }
    }

    @ApplicationScoped
    public static class Request {

        @Inject
        Slow slow;

        @GCacheEnabled
        public Uni<String> both(String id) {
            return slow.uni(id).chain(first -> slow.uni(id).map(second -> first + "+" + second));
        }
    }
}
