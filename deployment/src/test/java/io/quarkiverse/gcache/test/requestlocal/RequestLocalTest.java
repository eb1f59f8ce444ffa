package io.quarkiverse.gcache.test.requestlocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
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
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.control.MutableConfigSource;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * SPEC §10 with blocking methods: REQUEST_LOCAL memoizes a use case's results inside one outermost enable scope and
 * nowhere else; nested scopes share it, a {@code disable()} bypasses it, an invalidate/delete/flush made inside drops
 * what it names, and nothing of it outlives the scope.
 */
public class RequestLocalTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, Payload.class, Request.class,
                    MutableConfigSource.class).addAsServiceProvider(ConfigSource.class, MutableConfigSource.class))
            .overrideConfigKey("quarkus.gcache.request-local.max-size", "3")
            .overrideConfigKey("quarkus.gcache.config-refresh", "0");

    @Inject
    Profiles profiles;

    @Inject
    Request request;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        MutableConfigSource.values().clear();
        engine.refreshSettings(ConfigProvider.getConfig());
        gcache.flush();
        profiles.reset();
    }

    @Test
    void aScopeReadsOnceAndTheNextScopeReadsAgain() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.profile("1")).isEqualTo("profile-1-1");
            assertThat(profiles.profile("1")).isEqualTo("profile-1-1");
            assertThat(profiles.profile("2")).isEqualTo("profile-2-2");
        }
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.profile("1")).as("nothing is shared between scopes").isEqualTo("profile-1-3");
        }
        assertThat(profiles.profile("1")).as("outside a scope the method runs").isEqualTo("profile-1-4");
        assertThat(profiles.profile("1")).isEqualTo("profile-1-5");
    }

    @Test
    void nestedScopesShareTheOutermostMemoAndDisableBypassesIt() {
        try (GCacheScope outer = gcache.enable()) {
            assertThat(profiles.profile("1")).isEqualTo("profile-1-1");
            try (GCacheScope inner = gcache.enable()) {
                assertThat(profiles.profile("1")).isEqualTo("profile-1-1");
                assertThat(profiles.profile("2")).isEqualTo("profile-2-2");
            }
            try (GCacheScope off = gcache.disable()) {
                assertThat(profiles.profile("1")).isEqualTo("profile-1-3");
                try (GCacheScope onAgain = gcache.enable()) {
                    assertThat(profiles.profile("1")).as("still inside the outermost scope").isEqualTo("profile-1-1");
                }
            }
            assertThat(profiles.profile("2")).as("kept by the inner scope for the outer one").isEqualTo("profile-2-2");
        }
    }

    @Test
    void anEnabledMethodIsOneScope() {
        assertThat(request.twice("1")).isEqualTo("profile-1-1 profile-1-1");
        assertThat(request.twice("1")).isEqualTo("profile-1-2 profile-1-2");
    }

    @Test
    void aRequestThatWritesThenReadsSeesItsWrite() {
        try (GCacheScope scope = gcache.enable()) {
            // STEP 1: invalidate drops the entity's entries of this scope
            assertThat(profiles.profile("1")).isEqualTo("profile-1-1");
            gcache.invalidate("user_id", "1");
            assertThat(profiles.profile("1")).isEqualTo("profile-1-2");
            assertThat(profiles.profile("1")).isEqualTo("profile-1-2");
            // STEP 2: delete drops that one entry
            assertThat(profiles.profile("2")).isEqualTo("profile-2-3");
            gcache.delete("RlProfile", "2", Map.of());
            assertThat(profiles.profile("2")).isEqualTo("profile-2-4");
            assertThat(profiles.profile("1")).as("another entity stays").isEqualTo("profile-1-2");
            // STEP 3: flush drops everything of the scope
            gcache.flush();
            assertThat(profiles.profile("1")).isEqualTo("profile-1-5");
            assertThat(profiles.profile("2")).isEqualTo("profile-2-6");
        }
    }

    @Test
    void anInvalidationInAnotherScopeLeavesThisScopesMemo() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.profile("1")).isEqualTo("profile-1-1");
            Thread other = new Thread(() -> {
                try (GCacheScope theirs = gcache.enable()) {
                    gcache.invalidate("user_id", "1");
                }
            });
            other.start();
            other.join(30_000);
            assertThat(profiles.profile("1")).as("a request reads one state of the entity").isEqualTo("profile-1-1");
        }
    }

    @Test
    void aNullIdRunsUncached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.profile(null)).isEqualTo("profile-null-1");
            assertThat(profiles.profile(null)).isEqualTo("profile-null-2");
        }
    }

    @Test
    void aNullResultIsKept() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.nothing("1")).isNull();
            assertThat(profiles.nothing("1")).isNull();
        }
        assertThat(profiles.calls()).isEqualTo(1);
    }

    @Test
    void aScopeKeepsAtMostMaxSizeEntries() {
        try (GCacheScope scope = gcache.enable()) {
            for (String id : List.of("a", "b", "c", "d")) {
                profiles.profile(id);
            }
            assertThat(profiles.calls()).isEqualTo(4);
            for (String id : List.of("a", "b", "c", "d")) {
                profiles.profile(id);
            }
            assertThat(profiles.calls()).as("max-size 3: the fourth result was served, not kept").isEqualTo(5);
        }
    }

    @Test
    void aLocalHitFillsTheMemo() {
        try (GCacheScope scope = gcache.enable()) {
            profiles.withLocal("1"); // method: fills LOCAL and REQUEST_LOCAL
        }
        double localRequests = count("gcache_request_counter", "RlWithLocal", "LOCAL");
        double memoMisses = count("gcache_miss_counter", "RlWithLocal", "REQUEST_LOCAL");
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.withLocal("1")).isEqualTo("local-1-1"); // REQUEST_LOCAL miss, LOCAL hit
            assertThat(profiles.withLocal("1")).isEqualTo("local-1-1"); // REQUEST_LOCAL hit
            assertThat(profiles.withLocal("1")).isEqualTo("local-1-1");
        }
        assertThat(profiles.calls()).isEqualTo(1);
        assertThat(count("gcache_request_counter", "RlWithLocal", "LOCAL") - localRequests).isEqualTo(1);
        assertThat(count("gcache_miss_counter", "RlWithLocal", "REQUEST_LOCAL") - memoMisses).isEqualTo(1);
    }

    @Test
    void requestLocalIsSwitchedByConfigurationWhileTheApplicationRuns() {
        String property = "quarkus.gcache.use-case.\"RlDynamic\".request-local.enabled";
        assertThat(registry.find("gcache_request_counter").tags("use_case", "RlDynamic", "layer", "REQUEST_LOCAL")
                .counter()).as("off at start: no series").isNull();
        try (GCacheScope scope = gcache.enable()) {
            profiles.dynamic("1");
            profiles.dynamic("1");
        }
        assertThat(profiles.calls()).isEqualTo(2);

        MutableConfigSource.values().put(property, "true");
        engine.refreshSettings(ConfigProvider.getConfig());
        try (GCacheScope scope = gcache.enable()) {
            profiles.dynamic("1");
            profiles.dynamic("1");
        }
        assertThat(profiles.calls()).isEqualTo(3);
        assertThat(count("gcache_request_counter", "RlDynamic", "REQUEST_LOCAL")).isEqualTo(2);

        MutableConfigSource.values().put(property, "false");
        engine.refreshSettings(ConfigProvider.getConfig());
        try (GCacheScope scope = gcache.enable()) {
            profiles.dynamic("1");
            profiles.dynamic("1");
        }
        assertThat(profiles.calls()).isEqualTo(5);
    }

    @Test
    void theSeriesOfRequestLocalUseCasesExistFromStartUp() {
        assertThat(registry.find("gcache_request_counter").tags("use_case", "RlUnused", "layer", "REQUEST_LOCAL")
                .counter()).isNotNull();
        assertThat(registry.find("gcache_miss_counter").tags("use_case", "RlUnused", "layer", "REQUEST_LOCAL")
                .counter()).isNotNull();
        assertThat(registry.find("gcache_coalesced_counter").tags("use_case", "RlUnused", "scope", "request_local")
                .counter()).isNotNull();
        assertThat(registry.find("gcache_coalesced_counter").tags("use_case", "RlUnused", "scope", "process")
                .counter()).isNotNull();
        assertThat(registry.find("gcache_request_counter").tags("use_case", "RlPlainLocal", "layer", "REQUEST_LOCAL")
                .counter()).as("request-local off: no REQUEST_LOCAL series").isNull();
        assertThat(registry.find("gcache_coalesced_counter").tags("use_case", "RlPlainLocal", "scope", "process")
                .counter()).isNotNull();
    }

    @Test
    void tenThousandScopesLeaveNoMemoBehind() {
        List<WeakReference<Payload>> kept = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            try (GCacheScope scope = gcache.enable()) {
                Payload first = profiles.payload("p" + (i % 7));
                assertThat(profiles.payload("p" + (i % 7))).as("kept in the memo").isSameAs(first);
                kept.add(new WeakReference<>(first));
            }
        }
        assertThat(profiles.calls()).isEqualTo(10_000);
        awaitCollected(kept);
    }

    @Test
    void aScopeThatEndsWhileItsUniRunsLeavesNoMemoBehind() {
        // STEP 1: the scope's work is still running when gcache.enabled(...) has been subscribed and returned
        CompletableFuture<Payload> pending = new CompletableFuture<>();
        profiles.pending(pending);
        AtomicReference<Payload> second = new AtomicReference<>();
        UniAssertSubscriber<Payload> subscriber = gcache
                .enabled(() -> profiles.pendingPayload("x").chain(first -> profiles.pendingPayload("x")
                        .invoke(second::set)))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(gcache.isEnabled()).isFalse();
        // STEP 2: it completes; the second call of the scope was a memo hit
        Payload value = new Payload("x");
        List<WeakReference<Payload>> kept = List.of(new WeakReference<>(value));
        pending.complete(value);
        assertThat(subscriber.awaitItem().getItem()).isSameAs(value);
        assertThat(second.get()).isSameAs(value);
        assertThat(profiles.calls()).isEqualTo(1);
        // STEP 3: once the test lets go of the value, nothing else holds it
        value = null;
        second.set(null);
        subscriber = null;
        profiles.pending(null);
        pending = null;
        awaitCollected(kept);
    }

    private static void awaitCollected(List<WeakReference<Payload>> refs) {
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }

    /** The series' total over its other labels (the miss counter has one series per reason, SPEC §11). */
    private double count(String name, String useCase, String layer) {
        return registry.find(name).tags("use_case", useCase, "layer", layer).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    public record Payload(String id) {
    }

    @ApplicationScoped
    public static class Profiles {

        private final AtomicInteger calls = new AtomicInteger();
        private volatile CompletableFuture<Payload> pending;

        @GCached(keyType = "user_id", useCase = "RlProfile", requestLocal = true)
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "RlNothing", requestLocal = true)
        public String nothing(@GCacheId String id) {
            calls.incrementAndGet();
            return null;
        }

        @GCached(keyType = "user_id", useCase = "RlWithLocal", requestLocal = true, local = @GCached.Layer(ttl = "1h"))
        public String withLocal(@GCacheId String id) {
            return "local-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "RlDynamic")
        public String dynamic(@GCacheId String id) {
            return "dynamic-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "RlUnused", requestLocal = true)
        public String unused(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "RlPlainLocal", local = @GCached.Layer(ttl = "1h"))
        public String plainLocal(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "RlPayload", requestLocal = true)
        public Payload payload(@GCacheId String id) {
            calls.incrementAndGet();
            return new Payload(id);
        }

        @GCached(keyType = "user_id", useCase = "RlPendingPayload", requestLocal = true)
        public Uni<Payload> pendingPayload(@GCacheId String id) {
            calls.incrementAndGet();
            CompletableFuture<Payload> future = pending;
            return Uni.createFrom().completionStage(() -> future);
        }

        public void pending(CompletableFuture<Payload> future) {
            pending = future;
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
            pending = null;
        }
    }

    @ApplicationScoped
    @GCacheEnabled
    public static class Request {

        @Inject
        Profiles profiles;

        public String twice(String id) {
            return profiles.profile(id) + " " + profiles.profile(id);
        }
    }
}
