package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The enable scope of SPEC §2: {@code @GCacheEnabled} on classes and methods, {@code @GCacheEnabled(false)},
 * the programmatic scopes, and the scope following a {@code Uni} to the threads where it continues.
 */
public class ScopeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, EnabledResource.class, MethodLevelResource.class,
                    SelfEnabled.class));

    /** One thread, so that a later task is known to run where an enabled continuation ran before. */
    static final ExecutorService SINGLE = Executors.newSingleThreadExecutor();

    @Inject
    Users users;

    @Inject
    EnabledResource enabledResource;

    @Inject
    MethodLevelResource methodLevel;

    @Inject
    SelfEnabled selfEnabled;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        users.reset();
        selfEnabled.reset();
    }

    @AfterAll
    static void stopExecutor() {
        SINGLE.shutdownNow();
    }

    // ---- @GCacheEnabled --------------------------------------------------------------------------------------

    @Test
    void enabledOnTheClassEnablesItsMethods() {
        assertThat(enabledResource.twice("42")).containsExactly("profile-42-1", "profile-42-1");
        assertThat(enabledResource.twice("42")).containsExactly("profile-42-1", "profile-42-1");
        assertThat(enabledResource.isEnabled()).isTrue();
        assertThat(gcache.isEnabled()).isFalse();
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void enabledOnAMethodEnablesThatMethodOnly() {
        assertThat(methodLevel.enabledTwice("42")).containsExactly("profile-42-1", "profile-42-1");
        assertThat(methodLevel.plainTwice("42")).containsExactly("profile-42-2", "profile-42-3");
        assertThat(methodLevel.enabledTwice("42")).containsExactly("profile-42-1", "profile-42-1");
        assertThat(users.calls()).isEqualTo(3);
    }

    @Test
    void disabledMethodOnAnEnabledClass() {
        assertThat(enabledResource.writePath("42")).containsExactly("profile-42-1", "profile-42-2");
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void disabledMethodInsideAnEnabledScopeAndTheScopeAfterIt() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(methodLevel.disabledTwice("42")).containsExactly("profile-42-1", "profile-42-2");
            // the enclosing scope is back once the method returned
            assertThat(gcache.isEnabled()).isTrue();
            assertThat(users.profile("42")).isEqualTo("profile-42-3");
            assertThat(users.profile("42")).isEqualTo("profile-42-3");
        }
        assertThat(users.calls()).isEqualTo(3);
    }

    @Test
    void enabledMethodThatIsCachedItselfIsCached() {
        assertThat(selfEnabled.profile("42")).isEqualTo("self-42-1");
        assertThat(selfEnabled.profile("42")).isEqualTo("self-42-1");
        assertThat(selfEnabled.calls()).isEqualTo(1);
    }

    @Test
    void scopeIsRestoredWhenTheMethodThrows() {
        assertThatThrownBy(() -> enabledResource.failing("42")).isSameAs(EnabledResource.FAILURE);
        assertThat(gcache.isEnabled()).isFalse();
        assertThat(users.profile("42")).isEqualTo("profile-42-2");
        assertThat(users.calls()).isEqualTo(2);
    }

    // ---- programmatic scopes ---------------------------------------------------------------------------------

    @Test
    void programmaticScopesNestAndRestoreOnClose() {
        assertThat(gcache.isEnabled()).isFalse();
        try (GCacheScope outer = gcache.enable()) {
            assertThat(gcache.isEnabled()).isTrue();
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            try (GCacheScope inner = gcache.disable()) {
                assertThat(gcache.isEnabled()).isFalse();
                assertThat(users.profile("42")).isEqualTo("profile-42-2");
                try (GCacheScope innermost = gcache.enable()) {
                    assertThat(gcache.isEnabled()).isTrue();
                    assertThat(users.profile("42")).isEqualTo("profile-42-1");
                }
                assertThat(gcache.isEnabled()).isFalse();
            }
            assertThat(gcache.isEnabled()).isTrue();
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
        }
        assertThat(gcache.isEnabled()).isFalse();
        assertThat(users.profile("42")).isEqualTo("profile-42-3");
        assertThat(users.calls()).isEqualTo(3);
    }

    @Test
    void closingAScopeTwiceRestoresOnce() {
        GCacheScope outer = gcache.enable();
        GCacheScope inner = gcache.disable();
        inner.close();
        inner.close();
        assertThat(gcache.isEnabled()).isTrue();
        outer.close();
        outer.close();
        assertThat(gcache.isEnabled()).isFalse();
        assertThat(users.profile("42")).isEqualTo("profile-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    // ---- the scope follows asynchronous work -----------------------------------------------------------------

    @Test
    void uniFromAnEnabledMethodKeepsTheScopeOnAWorkerThread() {
        // STEP 1: the enabled method returns a Uni; the scope closes with the method
        Uni<String> first = enabledResource.chainOnWorker("42");
        assertThat(gcache.isEnabled()).isFalse();
        assertThat(users.calls()).isZero();
        // STEP 2: subscribed later, outside any scope, the cached call runs in a callback on a worker thread
        assertThat(first.await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.uniThread()).isNotEqualTo(Thread.currentThread().getName());
        // STEP 3: a second subscription of a new call is a hit
        assertThat(enabledResource.chainOnWorker("42").await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void uniFromAnEnabledMethodKeepsTheScopeAfterADelay() {
        assertThat(methodLevel.delayedThenCached("42").await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.uniThread()).isNotEqualTo(Thread.currentThread().getName());
        assertThat(methodLevel.delayedThenCached("42").await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void uniFromADisabledMethodIsNotCachedOnAnotherThread() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(methodLevel.disabledChainOnWorker("42").await().indefinitely()).isEqualTo("uni-42-1");
            assertThat(methodLevel.disabledChainOnWorker("42").await().indefinitely()).isEqualTo("uni-42-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void enabledSupplierKeepsTheScopeOnAWorkerThread() {
        Uni<String> uni = gcache.enabled(() -> Uni.createFrom().item("42")
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(id -> users.uniProfile(id)));
        assertThat(gcache.isEnabled()).isFalse();

        assertThat(uni.await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.uniThread()).isNotEqualTo(Thread.currentThread().getName());
        assertThat(uni.await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void scopeDoesNotStayOnTheThreadWhereTheContinuationRan() throws Exception {
        // STEP 1: an enabled continuation runs on the single thread and is cached
        assertThat(enabledResource.chainOn(SINGLE, "42").await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(enabledResource.chainOn(SINGLE, "42").await().indefinitely()).isEqualTo("uni-42-1");
        assertThat(users.calls()).isEqualTo(1);
        // STEP 2: a plain task on that thread afterwards runs outside any scope
        AtomicReference<Boolean> enabled = new AtomicReference<>();
        List<String> results = SINGLE.submit(() -> {
            enabled.set(gcache.isEnabled());
            return List.of(users.profile("42"), users.profile("42"));
        }).get(30, TimeUnit.SECONDS);
        assertThat(enabled.get()).isFalse();
        assertThat(results).containsExactly("profile-42-2", "profile-42-3");
        assertThat(users.calls()).isEqualTo(3);
    }

    @Test
    void managedExecutorTaskSubmittedInAScopeRunsInIt() throws Exception {
        assertThat(enabledResource.onManagedExecutor("42")).isEqualTo("profile-42-1");
        assertThat(enabledResource.onManagedExecutor("42")).isEqualTo("profile-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void completionStageFromAnEnabledMethodKeepsTheScopeOnAManagedExecutor() throws Exception {
        // STEP 1: the enabled method returns a stage whose continuation waits for the gate on an executor thread
        CountDownLatch gate = new CountDownLatch(1);
        CompletionStage<String> first = enabledResource.stageAfter(gate, "42");
        assertThat(gate.getCount()).isEqualTo(1);
        assertThat(users.calls()).isZero();
        // STEP 2: opened after the method returned, the continuation calls the cached method on that thread
        gate.countDown();
        assertThat(first.toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("stage-42-1");
        assertThat(users.stageThread()).isNotEqualTo(Thread.currentThread().getName());
        // STEP 3: the same again is a hit
        CountDownLatch open = new CountDownLatch(0);
        assertThat(enabledResource.stageAfter(open, "42").toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo("stage-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    // ---- beans -----------------------------------------------------------------------------------------------

    @ApplicationScoped
    public static class Users {

        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicReference<String> uniThread = new AtomicReference<>();
        private final AtomicReference<String> stageThread = new AtomicReference<>();

        @GCached(keyType = "user_id", useCase = "ScopeProfile", local = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "ScopeUniProfile", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> uniProfile(@GCacheId String id) {
            uniThread.set(Thread.currentThread().getName());
            return Uni.createFrom().item("uni-" + id + "-" + calls.incrementAndGet());
        }

        @GCached(keyType = "user_id", useCase = "ScopeStageProfile", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> stageProfile(@GCacheId String id) {
            stageThread.set(Thread.currentThread().getName());
            return CompletableFuture.completedStage("stage-" + id + "-" + calls.incrementAndGet());
        }

        public int calls() {
            return calls.get();
        }

        public String uniThread() {
            return uniThread.get();
        }

        public String stageThread() {
            return stageThread.get();
        }

        public void reset() {
            calls.set(0);
            uniThread.set(null);
            stageThread.set(null);
        }
    }

    @GCacheEnabled
    @ApplicationScoped
    public static class EnabledResource {

        static final IllegalStateException FAILURE = new IllegalStateException("boom");

        @Inject
        Users users;

        @Inject
        GCache gcache;

        @Inject
        ManagedExecutor executor;

        public List<String> twice(String id) {
            return List.of(users.profile(id), users.profile(id));
        }

        public boolean isEnabled() {
            return gcache.isEnabled();
        }

        @GCacheEnabled(false)
        public List<String> writePath(String id) {
            return List.of(users.profile(id), users.profile(id));
        }

        public String failing(String id) {
            users.profile(id);
            throw FAILURE;
        }

        public Uni<String> chainOnWorker(String id) {
            return Uni.createFrom().item(id)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .chain(x -> users.uniProfile(x));
        }

        public Uni<String> chainOn(ExecutorService executor, String id) {
            return Uni.createFrom().item(id)
                    .emitOn(executor)
                    .chain(x -> users.uniProfile(x));
        }

        public String onManagedExecutor(String id) throws Exception {
            return executor.supplyAsync(() -> users.profile(id)).get(30, TimeUnit.SECONDS);
        }

        public CompletionStage<String> stageAfter(CountDownLatch gate, String id) {
            return executor.supplyAsync(() -> {
                awaitGate(gate);
                return id;
            }).thenCompose(x -> users.stageProfile(x));
        }

        private static void awaitGate(CountDownLatch gate) {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @ApplicationScoped
    public static class MethodLevelResource {

        @Inject
        Users users;

        @GCacheEnabled
        public List<String> enabledTwice(String id) {
            return List.of(users.profile(id), users.profile(id));
        }

        public List<String> plainTwice(String id) {
            return List.of(users.profile(id), users.profile(id));
        }

        @GCacheEnabled(false)
        public List<String> disabledTwice(String id) {
            return List.of(users.profile(id), users.profile(id));
        }

        @GCacheEnabled
        public Uni<String> delayedThenCached(String id) {
            return Uni.createFrom().item(id)
                    .onItem().delayIt().by(Duration.ofMillis(1))
                    .chain(x -> users.uniProfile(x));
        }

        @GCacheEnabled(false)
        public Uni<String> disabledChainOnWorker(String id) {
            return Uni.createFrom().item(id)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .chain(x -> users.uniProfile(x));
        }
    }

    @GCacheEnabled
    @ApplicationScoped
    public static class SelfEnabled {

        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "SelfEnabled", local = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "self-" + id + "-" + calls.incrementAndGet();
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
