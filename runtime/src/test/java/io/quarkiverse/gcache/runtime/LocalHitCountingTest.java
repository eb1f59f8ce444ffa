package io.quarkiverse.gcache.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;

/**
 * A call whose LOCAL lookup missed, but whose fill finds the value in LOCAL once it leads (a fill of the same key
 * ended in between), was served by LOCAL: the counters must say so, or the hit ratio disagrees with what LOCAL did.
 */
class LocalHitCountingTest {

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws InterruptedException {
        other.shutdownNow();
        assertThat(other.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aBlockingCallServedByLocalInsideItsFillCountsAsALocalHit() throws Exception {
        check(ReturnKind.PLAIN);
    }

    @Test
    void aUniCallServedByLocalInsideItsFillCountsAsALocalHit() throws Exception {
        check(ReturnKind.UNI);
    }

    private void check(ReturnKind kind) throws Exception {
        Counting metrics = new Counting();
        GCacheEngine engine = engine(kind, metrics);
        UseCase uc = engine.useCase("Profile");
        AtomicInteger runs = new AtomicInteger();
        Invoker<Object> method = (target, params) -> {
            String value = "value-" + runs.incrementAndGet();
            return kind == ReturnKind.UNI ? Uni.createFrom().item(value) : value;
        };
        // Right after this call's LOCAL miss, another caller fills the key completely.
        metrics.afterFirstLocalMiss.set(() -> other.submit(() -> {
            try (GCacheScope scope = Scopes.open(true)) {
                return call(engine, uc, kind, method);
            }
        }).get(30, TimeUnit.SECONDS));

        Object value;
        try (GCacheScope scope = Scopes.open(true)) {
            value = call(engine, uc, kind, method);
        }

        assertThat(value).as("served the other caller's value from LOCAL").isEqualTo("value-1");
        assertThat(runs.get()).isEqualTo(1);
        long requests = metrics.requests.get();
        long misses = metrics.misses.get();
        System.out.printf("LOCAL requests=%d misses=%d%n", requests, misses);
        assertThat(requests - misses).as("LOCAL served one of the two calls (requests %d, misses %d)", requests, misses)
                .isEqualTo(1);
    }

    private static Object call(GCacheEngine engine, UseCase uc, ReturnKind kind, Invoker<Object> method)
            throws Exception {
        Object[] params = { "42" };
        return kind == ReturnKind.UNI ? engine.callUni(uc, params, null, method).await().atMost(
                java.time.Duration.ofSeconds(30)) : engine.call(uc, params, null, method);
    }

    /** Counts LOCAL requests and misses; runs a hook once, right after the first LOCAL miss. */
    static final class Counting implements GCacheMetrics {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger misses = new AtomicInteger();
        final AtomicReference<ThrowingRunnable> afterFirstLocalMiss = new AtomicReference<>();

        @Override
        public void request(UseCase useCase, CacheLayer layer) {
            if (layer == CacheLayer.LOCAL) {
                requests.incrementAndGet();
            }
        }

        @Override
        public void miss(UseCase useCase, CacheLayer layer) {
            if (layer != CacheLayer.LOCAL) {
                return;
            }
            misses.incrementAndGet();
            ThrowingRunnable hook = afterFirstLocalMiss.getAndSet(null);
            if (hook != null) {
                try {
                    hook.run();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static GCacheEngine engine(ReturnKind kind, GCacheMetrics metrics) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase("Profile");
        spec.setKeyType("user_id");
        spec.setTracked(true);
        spec.setReturnKind(kind);
        spec.setDeclaringClass("org.acme.Service");
        spec.setMethodName("profile");
        spec.setMethodKey("org.acme.Service#profile");
        KeyPartSpec id = new KeyPartSpec();
        id.setName("user");
        id.setPosition(0);
        id.setValueKey(true);
        spec.setId(id);
        spec.setArgs(List.of());
        spec.setLocalTtl("1h");
        spec.setLocalRamp(100);
        Map<String, String> properties = new HashMap<>();
        return new GCacheEngine(List.of(spec), "urn:gcache", 1024, s -> 10_000,
                new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build(),
                null, null, name -> {
                    throw new IllegalStateException(name);
                }, () -> true, metrics);
    }
}
