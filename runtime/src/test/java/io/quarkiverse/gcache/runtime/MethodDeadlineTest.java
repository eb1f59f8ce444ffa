package io.quarkiverse.gcache.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.GCacheFallbackTimeoutException;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;

/**
 * The deadline timer of bounded methods ({@link MethodDeadline}, {@link DeadlineTimer}), driven through the engine
 * without CDI: calls that end in time leave no deadline armed, however many there are, and the timer thread is a
 * daemon, so it never keeps the JVM alive.
 */
class MethodDeadlineTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void boundedCallsThatEndInTimeLeaveNoDeadlineArmedAndTheTimerIsADaemon() throws Exception {
        GCacheEngine engine = engine(Map.of("quarkus.gcache.use-case.\"Bounded\".fallback-timeout", "1h"));
        UseCase uc = engine.useCase("Bounded");
        AtomicInteger runs = new AtomicInteger();
        // the method answers on another thread, as a real Uni would: its deadline is armed while it runs
        Invoker<Object> method = (target, params) -> Uni.createFrom()
                .completionStage(CompletableFuture.supplyAsync(() -> "value-" + runs.incrementAndGet(), pool));
        int calls = 10_000;
        // other tests of this JVM may have left fills stuck on purpose, with their deadlines armed
        int armedBefore = DeadlineTimer.armed();
        List<CompletableFuture<Object>> results = new ArrayList<>(calls);
        try (GCacheScope scope = Scopes.open(true)) {
            for (int i = 0; i < calls; i++) {
                results.add(engine.callUni(uc, new Object[] { "id-" + i }, null, method).subscribeAsCompletionStage());
            }
        }
        for (CompletableFuture<Object> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).asString().startsWith("value-");
        }
        assertThat(runs.get()).isEqualTo(calls);
        // a deadline is cancelled (and leaves the timer's queue) when its method answers
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(DeadlineTimer.armed()).as("deadlines still armed").isLessThanOrEqualTo(armedBefore));
        Thread timer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gcache-fill-deadlines")).findFirst().orElseThrow();
        assertThat(timer.isDaemon()).as("the deadline timer never keeps the JVM alive").isTrue();
    }

    @Test
    void onlyAUseCaseThatSetsAFallbackTimeoutBoundsItsMethod() {
        GCacheEngine engine = engine(Map.of("quarkus.gcache.use-case.\"Bounded\".fallback-timeout", "250ms"));
        assertThat(engine.settings().methodTimeoutNanos(engine.useCase("Bounded").index()))
                .isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(engine.settings().methodTimeoutNanos(engine.useCase("Unbounded").index())).isZero();
        assertThat(engine.settings().fallbackTimeoutNanos(engine.useCase("Unbounded").index()))
                .as("followers still wait at most the default").isEqualTo(Duration.ofSeconds(60).toNanos());
    }

    @Test
    void aRequestScopeFollowerOfATimedOutLeaderGetsItsExceptionAndDoesNotRunTheMethodAgain() {
        // REQUEST_LOCAL alone (LOCAL ramped down): the scope's flight is the only one the two calls can share
        GCacheEngine engine = engine(Map.of("quarkus.gcache.use-case.\"Bounded\".fallback-timeout", "300ms",
                "quarkus.gcache.use-case.\"Bounded\".request-local.enabled", "true",
                "quarkus.gcache.use-case.\"Bounded\".local.ramp", "0"));
        UseCase uc = engine.useCase("Bounded");
        AtomicInteger runs = new AtomicInteger();
        Invoker<Object> hangs = (target, params) -> Uni.createFrom().emitter(e -> runs.incrementAndGet());
        CompletableFuture<Object> leader;
        CompletableFuture<Object> follower;
        try (GCacheScope scope = Scopes.open(true)) {
            leader = engine.callUni(uc, new Object[] { "7" }, null, hangs).subscribeAsCompletionStage();
            follower = engine.callUni(uc, new Object[] { "7" }, null, hangs).subscribeAsCompletionStage();
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> leader.get()).hasCauseInstanceOf(GCacheFallbackTimeoutException.class);
            assertThatThrownBy(() -> follower.get()).hasCauseInstanceOf(GCacheFallbackTimeoutException.class);
        });
        assertThat(runs).as("method runs: the follower gets the leader's end, as a process follower does").hasValue(1);
    }

    private static GCacheEngine engine(Map<String, String> properties) {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 500)).build();
        return new GCacheEngine(List.of(spec("Bounded"), spec("Unbounded")), "urn:gcache", 1024, spec -> 100_000,
                config, null, null, name -> {
                    throw new IllegalStateException(name);
                }, () -> true, GCacheMetrics.NONE);
    }

    private static UseCaseSpec spec(String useCase) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase(useCase);
        spec.setKeyType("user_id");
        spec.setTracked(true);
        spec.setReturnKind(ReturnKind.UNI);
        spec.setDeclaringClass("org.acme.Service");
        spec.setMethodName(useCase);
        spec.setMethodKey("org.acme.Service#" + useCase);
        KeyPartSpec id = new KeyPartSpec();
        id.setName("user");
        id.setPosition(0);
        id.setValueKey(true);
        spec.setId(id);
        spec.setArgs(List.of());
        spec.setLocalTtl("1h");
        spec.setLocalRamp(100);
        return spec;
    }
}
