package io.quarkiverse.gcache.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The read path of SPEC §4, driven directly, without CDI: the engine is built from hand-made specs and a
 * SmallRye config, and the "method" is an {@link Invoker} that counts how often it really runs.
 */
class GCacheEngineTest {

    /** {@code profile(@GCacheId String user)}: user_id, tracked, no arguments, LOCAL 1h. */
    static final String PROFILE = "Profile";
    /** {@code posts(@GCacheId String user, String sort, Integer page)}: user_id, tracked, two arguments. */
    static final String POSTS = "Posts";
    /** {@code badge(@GCacheId String user)}: user_id, not tracked for invalidation. */
    static final String BADGE = "Badge";
    /** {@code org(@GCacheId String org)}: org_id, tracked. */
    static final String ORG = "Org";
    /** {@code account(@GCacheId("id") Account a)}: the id through a property reader. */
    static final String ACCOUNT = "Account";
    /** {@code byEmail(@GCacheId(adapter = Lower.class) String email)}: the id through an adapter. */
    static final String EMAIL = "Email";
    /** {@code search(@GCacheId String user, @GCacheArg(adapter = Lower.class) String q)}. */
    static final String SEARCH = "Search";
    /** {@code odd(@GCacheId(adapter = Throwing.class) String user)}: an adapter that throws what javac cannot see. */
    static final String THROWING = "Throwing";
    static final String UNI = "UniProfile";
    static final String STAGE = "StageProfile";
    static final String UNI_POSTS = "UniPosts";

    static final int THREADS = 6;
    static final int CANCELLED_FOLLOWERS = 20_000;

    private ExecutorService pool;
    private GCacheEngine engine;
    private Method method;

    @BeforeEach
    void setUp() {
        pool = Executors.newFixedThreadPool(THREADS);
        engine = engine(Map.of());
        method = new Method(run -> "value-" + run);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("test threads ended").isTrue();
        assertThat(Scopes.isEnabled()).as("no scope leaks out of a test").isFalse();
    }

    // ---- call sites ----------------------------------------------------------------------------------------

    @Test
    void aCallSiteRunsTheMethodUncachedUntilBoundAndAfterUnbound() throws Exception {
        CountingSite site = new CountingSite(PROFILE);
        try (GCacheScope scope = Scopes.open(true)) {
            // no container runs here: an unbound site cannot bind itself, and the method runs every time
            assertThat(site.call(null, new Object[] { "42" })).isEqualTo("site-1");
            assertThat(site.call(null, new Object[] { "42" })).isEqualTo("site-2");

            site.bind(engine);
            assertThat(site.call(null, new Object[] { "42" })).isEqualTo("site-3");
            assertThat(site.call(null, new Object[] { "42" })).isEqualTo("site-3");

            site.unbind();
            assertThat(site.call(null, new Object[] { "42" })).isEqualTo("site-4");
        }
    }

    /** A call site whose "method body" counts its runs, as a generated one would run the moved body. */
    static final class CountingSite extends GCacheCallSite {
        private int runs;

        CountingSite(String useCase) {
            super(useCase);
        }

        @Override
        public Object proceed(Object target, Object[] params) {
            return "site-" + ++runs;
        }
    }

    // ---- scope and switches --------------------------------------------------------------------------------

    @Test
    void hitAfterMiss() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
            assertThat(call(PROFILE, "7")).isEqualTo("value-2");
            assertThat(call(PROFILE, "7")).isEqualTo("value-2");
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void nothingIsCachedOutsideAScope() throws Exception {
        assertThat(engine.isEnabled()).isFalse();
        assertThat(call(PROFILE, "42")).isEqualTo("value-1");
        assertThat(call(PROFILE, "42")).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);

        // and what ran outside a scope was not written either
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo("value-3");
        }
        assertThat(method.runs()).isEqualTo(3);
    }

    @Test
    void disableScopeInsideAnEnableScope() throws Exception {
        try (GCacheScope enabled = Scopes.open(true)) {
            assertThat(engine.isEnabled()).isTrue();
            try (GCacheScope disabled = Scopes.open(false)) {
                assertThat(engine.isEnabled()).isFalse();
                assertThat(call(PROFILE, "42")).isEqualTo("value-1");
                assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            }
            // closing the inner scope restores the outer one
            assertThat(engine.isEnabled()).isTrue();
            assertThat(call(PROFILE, "42")).isEqualTo("value-3");
            assertThat(call(PROFILE, "42")).isEqualTo("value-3");
        }
        assertThat(engine.isEnabled()).isFalse();
        assertThat(method.runs()).isEqualTo(3);
    }

    @Test
    void closingAScopeTwiceRestoresOnce() throws Exception {
        GCacheScope outer = Scopes.open(true);
        GCacheScope inner = Scopes.open(false);
        inner.close();
        inner.close();
        assertThat(engine.isEnabled()).isTrue();
        assertThat(call(PROFILE, "42")).isEqualTo("value-1");
        assertThat(call(PROFILE, "42")).isEqualTo("value-1");
        outer.close();
        outer.close();
        assertThat(engine.isEnabled()).isFalse();
        assertThat(method.runs()).isEqualTo(1);
    }

    @Test
    void globalSwitchOffDisablesEveryScope() throws Exception {
        engine = engine(Map.of("quarkus.gcache.enabled", "false"));
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(engine.isEnabled()).isFalse();
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void scopeIsPerThread() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
            // another thread has no scope: it neither reads nor writes the cache
            assertThat(pool.submit(() -> call(PROFILE, "42")).get()).isEqualTo("value-2");
            assertThat(pool.submit(() -> call(PROFILE, "42")).get()).isEqualTo("value-3");
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
        }
        assertThat(method.runs()).isEqualTo(3);
    }

    // ---- values and exceptions -----------------------------------------------------------------------------

    @Test
    void nullIsCached() throws Exception {
        method = new Method(run -> null);
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isNull();
            assertThat(call(PROFILE, "42")).isNull();
        }
        assertThat(method.runs()).isEqualTo(1);
    }

    @Test
    void emptyOptionalIsCached() throws Exception {
        method = new Method(run -> Optional.empty());
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo(Optional.empty());
            assertThat(call(PROFILE, "42")).isEqualTo(Optional.empty());
        }
        assertThat(method.runs()).isEqualTo(1);
    }

    @Test
    void uncheckedExceptionIsRethrownUnchangedAndNotCached() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        method = new Method(run -> {
            if (run == 1) {
                throw boom;
            }
            return "value-" + run;
        });
        try (GCacheScope scope = Scopes.open(true)) {
            assertThatThrownBy(() -> call(PROFILE, "42")).isSameAs(boom);
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void checkedExceptionIsRethrownUnchangedAndNotCached() throws Exception {
        IOException boom = new IOException("boom");
        method = new Method(run -> {
            if (run == 1) {
                throw boom;
            }
            return "value-" + run;
        });
        try (GCacheScope scope = Scopes.open(true)) {
            assertThatThrownBy(() -> call(PROFILE, "42")).isSameAs(boom);
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    // ---- keys ----------------------------------------------------------------------------------------------

    @Test
    void argumentsArePartOfTheKey() throws Exception {
        // posts(user, sort, page): positions follow the declaration, the key follows the names.
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-1");
            assertThat(call(POSTS, "42", "created", 2)).isEqualTo("value-2");
            assertThat(call(POSTS, "42", "title", 1)).isEqualTo("value-3");
            assertThat(call(POSTS, "7", "created", 1)).isEqualTo("value-4");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-1");
            assertThat(call(POSTS, "42", "created", 2)).isEqualTo("value-2");
            assertThat(call(POSTS, "42", "title", 1)).isEqualTo("value-3");
        }
        assertThat(method.runs()).isEqualTo(4);
        UseCase uc = engine.useCase(POSTS);
        assertThat(uc.local().entries().keySet()).extracting(k -> uc.urn(k, engine.keyspace()))
                .containsExactlyInAnyOrder(
                        "{urn:gcache:user_id:42}?page=1&sort=created#Posts",
                        "{urn:gcache:user_id:42}?page=2&sort=created#Posts",
                        "{urn:gcache:user_id:42}?page=1&sort=title#Posts",
                        "{urn:gcache:user_id:7}?page=1&sort=created#Posts");
    }

    @Test
    void nullArgumentIsAKeyValueOfItsOwn() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(POSTS, "42", null, 1)).isEqualTo("value-1");
            assertThat(call(POSTS, "42", "null", 1)).isEqualTo("value-2");
            assertThat(call(POSTS, "42", null, 1)).isEqualTo("value-1");
            assertThat(call(POSTS, "42", "null", 1)).isEqualTo("value-2");
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void idThroughAPropertyReader() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(ACCOUNT, new Account("a1", "Ann"))).isEqualTo("value-1");
            assertThat(call(ACCOUNT, new Account("a1", "Ann B."))).isEqualTo("value-1");
            assertThat(call(ACCOUNT, new Account("a2", "Ann"))).isEqualTo("value-2");
        }
        assertThat(method.runs()).isEqualTo(2);
        assertThat(engine.useCase(ACCOUNT).local().entries()).containsOnlyKeys("a1", "a2");
    }

    @Test
    void idAndArgumentThroughAnAdapter() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(EMAIL, "Ann@Example.com")).isEqualTo("value-1");
            assertThat(call(EMAIL, "ann@example.COM")).isEqualTo("value-1");
            assertThat(call(SEARCH, "42", "Hello")).isEqualTo("value-2");
            assertThat(call(SEARCH, "42", "HELLO")).isEqualTo("value-2");
            assertThat(call(SEARCH, "42", "bye")).isEqualTo("value-3");
        }
        assertThat(method.runs()).isEqualTo(3);
        assertThat(engine.useCase(EMAIL).local().entries()).containsOnlyKeys("ann@example.com");
    }

    @Test
    void nullOrEmptyIdRunsUncached() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, (Object) null)).isEqualTo("value-1");
            assertThat(call(PROFILE, (Object) null)).isEqualTo("value-2");
            assertThat(call(PROFILE, "")).isEqualTo("value-3");
            assertThat(call(PROFILE, "")).isEqualTo("value-4");
            assertThat(call(ACCOUNT, new Account(null, "Ann"))).isEqualTo("value-5");
            assertThat(call(ACCOUNT, new Account(null, "Ann"))).isEqualTo("value-6");
        }
        assertThat(method.runs()).isEqualTo(6);
        assertThat(engine.useCase(PROFILE).local().entries()).isEmpty();
    }

    @Test
    void anAdapterThatThrowsACheckedExceptionOrAnErrorRunsUncached() throws Exception {
        // issue 10 item 9: a sneaky checked exception (a getter or an adapter declaring IOException) reached the caller
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(THROWING, "io")).isEqualTo("value-1");
            assertThat(call(THROWING, "io")).isEqualTo("value-2");
            assertThat(call(THROWING, "assert")).isEqualTo("value-3");
            assertThat(call(THROWING, "assert")).isEqualTo("value-4");
            // the JVM's own trouble is not hidden
            assertThatThrownBy(() -> call(THROWING, "deep")).isInstanceOf(StackOverflowError.class);
            assertThat(call(THROWING, "fine")).isEqualTo("value-5");
            assertThat(call(THROWING, "fine")).isEqualTo("value-5");
        }
        assertThat(method.runs()).isEqualTo(5);
    }

    @Test
    void aProviderThatThrowsACheckedExceptionRunsUncached() throws Exception {
        engine = new GCacheEngine(List.of(spec(PROFILE, "user_id", true, ReturnKind.PLAIN, id("user"))), "urn:gcache",
                1024, spec -> 10_000, config(Map.of()), null, key -> {
                    throw Throwing.<RuntimeException> sneaky(new IOException("flag service down"));
                }, GCacheEngineTest::instantiate, () -> true, GCacheMetrics.NONE);
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
        }
    }

    @Test
    void failingOrEmptyAdapterRunsUncached() throws Exception {
        // Lower throws for "!" and gives "" for "?": the call goes on without the cache, the caller never knows.
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(EMAIL, "!")).isEqualTo("value-1");
            assertThat(call(EMAIL, "!")).isEqualTo("value-2");
            assertThat(call(EMAIL, "?")).isEqualTo("value-3");
            assertThat(call(EMAIL, "?")).isEqualTo("value-4");
            assertThat(call(SEARCH, "42", "!")).isEqualTo("value-5");
            assertThat(call(SEARCH, "42", "!")).isEqualTo("value-6");
        }
        assertThat(method.runs()).isEqualTo(6);
    }

    // ---- single flight -------------------------------------------------------------------------------------

    @Test
    void concurrentMissesRunTheMethodOnceAndShareItsResult() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            entered.countDown();
            awaitLatch(release);
            return "value-" + run;
        });

        List<Future<Object>> results = new ArrayList<>();
        results.add(pool.submit(() -> enabledCall(PROFILE, "42")));
        awaitLatch(entered);
        for (int i = 1; i < THREADS; i++) {
            results.add(pool.submit(() -> enabledCall(PROFILE, "42")));
        }
        awaitWaiters(PROFILE, "42", THREADS - 1);
        release.countDown();

        for (Future<Object> result : results) {
            assertThat(result.get()).isEqualTo("value-1");
        }
        assertThat(method.runs()).isEqualTo(1);
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-1");
        assertThat(method.runs()).isEqualTo(1);
        assertThat(engine.useCase(PROFILE).flights).isEmpty();
    }

    @Test
    void concurrentMissesAllGetTheExceptionOfTheOneRun() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IOException boom = new IOException("boom");
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
                throw boom;
            }
            return "value-" + run;
        });

        List<Future<Object>> results = new ArrayList<>();
        results.add(pool.submit(() -> enabledCall(PROFILE, "42")));
        awaitLatch(entered);
        for (int i = 1; i < THREADS; i++) {
            results.add(pool.submit(() -> enabledCall(PROFILE, "42")));
        }
        awaitWaiters(PROFILE, "42", THREADS - 1);
        release.countDown();

        for (Future<Object> result : results) {
            assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
        }
        assertThat(method.runs()).isEqualTo(1);
        // the exception was not cached
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void callerThatMustNotBlockRunsTheMethodInsteadOfWaiting() throws Exception {
        engine = engine(Map.of(), () -> false);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
            }
            return "value-" + run;
        });

        Future<Object> first = pool.submit(() -> enabledCall(PROFILE, "42"));
        awaitLatch(entered);
        // an event-loop caller never parks on another caller's fill
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-2");
        release.countDown();

        assertThat(first.get()).isEqualTo("value-1");
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-1");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void aFollowerWaitsAtMostTheDeadlineAndLaterCallsDoNotQueueBehindAStuckRun() throws Exception {
        engine = engine(Map.of("quarkus.gcache.use-case.\"Profile\".fallback-timeout", "300ms"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release); // stuck until the end of the test
            }
            return "value-" + run;
        });
        Future<Object> stuck = pool.submit(() -> enabledCall(PROFILE, "42"));
        awaitLatch(entered);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertThat(enabledCall(PROFILE, "42")).as("the follower ran the method itself").isEqualTo("value-2");
                assertThat(enabledCall(PROFILE, "42")).as("the next call leads a fill of its own").isEqualTo("value-3");
                assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-3");
            });
        } finally {
            release.countDown();
        }
        assertThat(stuck.get()).isEqualTo("value-1");
    }

    @Test
    void aMethodThatCallsItselfForTheSameKeyRunsTheInnerCallUncached() throws Exception {
        method = new Method(run -> run == 1 ? "outer(" + call(PROFILE, "42") + ")" : "inner-" + run);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(enabledCall(PROFILE, "42")).isEqualTo("outer(inner-2)");
        });
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("outer(inner-2)");
        assertThat(method.runs()).isEqualTo(2);
    }

    // ---- invalidation and housekeeping ---------------------------------------------------------------------

    @Test
    void invalidateDropsTheEntitysEntriesInEveryTrackedUseCase() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
            fill(PROFILE, "7");
            fill(POSTS, "42", "created", 1);
            fill(POSTS, "42", "created", 2);
            fill(POSTS, "7", "created", 1);
            fill(BADGE, "42");
            fill(ORG, "42");
            assertThat(method.runs()).isEqualTo(7);

            engine.invalidate("user_id", "42", java.time.Duration.ZERO).await().indefinitely();

            // the entity's entries of tracked use cases run again ...
            assertThat(call(PROFILE, "42")).isEqualTo("value-8");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-9");
            assertThat(call(POSTS, "42", "created", 2)).isEqualTo("value-10");
            // ... other entities, untracked use cases and other key types keep theirs
            assertThat(call(PROFILE, "7")).isEqualTo("value-2");
            assertThat(call(POSTS, "7", "created", 1)).isEqualTo("value-5");
            assertThat(call(BADGE, "42")).isEqualTo("value-6");
            assertThat(call(ORG, "42")).isEqualTo("value-7");
        }
        assertThat(method.runs()).isEqualTo(10);
    }

    @Test
    void invalidateTakesTheIdAsAnyValueWithTheSameKeyString() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
            engine.invalidate("user_id", 42, java.time.Duration.ZERO).await().indefinitely();
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            // a key type without tracked use cases is no error
            engine.invalidate("no_such_type", "42", java.time.Duration.ZERO).await().indefinitely();
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void fillRunningWhenTheInvalidationLandsDoesNotStayInLocal() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
                return "stale";
            }
            return "value-" + run;
        });

        // STEP 1: a fill starts, reads the entity, and is held before it returns
        Future<Object> first = pool.submit(() -> enabledCall(PROFILE, "42"));
        awaitLatch(entered);
        // STEP 2: the entity changes and is invalidated while the fill runs
        engine.invalidate("user_id", "42", java.time.Duration.ZERO).await().indefinitely();
        // STEP 3: the fill ends; its caller gets what the method returned
        release.countDown();
        assertThat(first.get()).isEqualTo("stale");
        // STEP 4: the stale result was not kept
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-2");
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void fillWithArgumentsRunningWhenTheInvalidationLandsDoesNotStayInLocal() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
                return "stale";
            }
            return "value-" + run;
        });

        Future<Object> first = pool.submit(() -> enabledCall(POSTS, "42", "created", 1));
        awaitLatch(entered);
        engine.invalidate("user_id", "42", java.time.Duration.ZERO).await().indefinitely();
        release.countDown();

        assertThat(first.get()).isEqualTo("stale");
        assertThat(enabledCall(POSTS, "42", "created", 1)).isEqualTo("value-2");
        assertThat(enabledCall(POSTS, "42", "created", 1)).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void callAfterTheInvalidationDoesNotJoinAFillThatStartedBefore() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
                return "stale";
            }
            return "value-" + run;
        });

        // STEP 1: a fill starts before the entity changes
        Future<Object> first = pool.submit(() -> enabledCall(PROFILE, "42"));
        awaitLatch(entered);
        CompletableFuture<Object> staleFill = engine.useCase(PROFILE).flights.get("42");
        // STEP 2: the entity changes and is invalidated
        engine.invalidate("user_id", "42", java.time.Duration.ZERO).await().indefinitely();
        // STEP 3: a call that starts now must not be served the stale fill's result
        Future<Object> second = pool.submit(() -> enabledCall(PROFILE, "42"));
        await().until(() -> second.isDone() || staleFill.getNumberOfDependents() > 0);
        release.countDown();

        assertThat(second.get()).isEqualTo("value-2");
        assertThat(first.get()).isEqualTo("stale");
        // STEP 4: the fresh result is the one kept; the stale fill did not overwrite it
        assertThat(enabledCall(PROFILE, "42")).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void flushEmptiesEveryUseCase() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
            fill(POSTS, "42", "created", 1);
            fill(BADGE, "42");
            fill(ORG, "1");

            engine.flush().await().indefinitely();

            assertThat(call(PROFILE, "42")).isEqualTo("value-5");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-6");
            assertThat(call(BADGE, "42")).isEqualTo("value-7");
            assertThat(call(ORG, "1")).isEqualTo("value-8");
            assertThat(call(PROFILE, "42")).isEqualTo("value-5");
        }
        assertThat(method.runs()).isEqualTo(8);
    }

    @Test
    void fillRunningWhenTheFlushLandsDoesNotStayInLocal() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
                return "stale";
            }
            return "value-" + run;
        });

        Future<Object> first = pool.submit(() -> enabledCall(BADGE, "42"));
        awaitLatch(entered);
        engine.flush().await().indefinitely();
        release.countDown();

        assertThat(first.get()).isEqualTo("stale");
        assertThat(enabledCall(BADGE, "42")).isEqualTo("value-2");
        assertThat(enabledCall(BADGE, "42")).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void callAfterTheFlushDoesNotJoinAFillThatStartedBefore() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        method = new Method(run -> {
            if (run == 1) {
                entered.countDown();
                awaitLatch(release);
                return "stale";
            }
            return "value-" + run;
        });

        Future<Object> first = pool.submit(() -> enabledCall(POSTS, "42", "created", 1));
        awaitLatch(entered);
        CompletableFuture<Object> staleFill = engine.useCase(POSTS).flights.values().iterator().next();
        engine.flush().await().indefinitely();
        Future<Object> second = pool.submit(() -> enabledCall(POSTS, "42", "created", 1));
        await().until(() -> second.isDone() || staleFill.getNumberOfDependents() > 0);
        release.countDown();

        assertThat(second.get()).isEqualTo("value-2");
        assertThat(first.get()).isEqualTo("stale");
        assertThat(enabledCall(POSTS, "42", "created", 1)).isEqualTo("value-2");
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void deleteRemovesOneEntry() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(POSTS, "42", "created", 1);
            fill(POSTS, "42", "created", 2);
            fill(PROFILE, "42");
            fill(PROFILE, "7");

            engine.delete(POSTS, "42", Map.of("page", "1", "sort", "created")).await().indefinitely();
            engine.delete(PROFILE, 42, Map.of()).await().indefinitely();

            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-5");
            assertThat(call(POSTS, "42", "created", 2)).isEqualTo("value-2");
            assertThat(call(PROFILE, "42")).isEqualTo("value-6");
            assertThat(call(PROFILE, "7")).isEqualTo("value-4");
        }
        assertThat(method.runs()).isEqualTo(6);
    }

    @Test
    void deleteNamesEveryArgumentAndAKnownUseCase() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(POSTS, "42", "created", 1);
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> engine.delete(POSTS, "42", Map.of("page", "1")))
                    .withMessageContaining("[page, sort]");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> engine.delete("NoSuchUseCase", "42", Map.of()))
                    .withMessageContaining("NoSuchUseCase");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-1");
        }
        assertThat(method.runs()).isEqualTo(1);
    }

    // ---- settings: TTL and ramp ----------------------------------------------------------------------------

    @Test
    void entryLivesForTheConfiguredTtl() throws Exception {
        engine = engine(Map.of("quarkus.gcache.use-case.\"Profile\".local.ttl", "2h"));
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
        }
        LocalEntry entry = engine.useCase(PROFILE).local().entries().get("42");
        assertThat(entry.value()).isEqualTo("value-1");
        assertThat(entry.ttlNanos()).isEqualTo(Duration.ofHours(2).toNanos());
        assertThat(method.runs()).isEqualTo(1);
    }

    @Test
    void entryExpiresAfterItsTtl() throws Exception {
        engine = engine(Map.of("quarkus.gcache.use-case.Profile.local.ttl", "50ms"));
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");

            // each poll (in its own scope: Awaitility polls on another thread) is either a hit on the first value
            // or, once that expired, a new run
            await().pollInterval(Duration.ofMillis(10)).until(() -> enabledCall(PROFILE, "42").equals("value-2"));
        }
        assertThat(method.runs()).isEqualTo(2);
    }

    @Test
    void refreshedSettingsApplyToTheNextCalls() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");

            engine.refreshSettings(config(Map.of("quarkus.gcache.use-case.Profile.local.ramp", "0")));
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            assertThat(call(PROFILE, "42")).isEqualTo("value-3");

            engine.refreshSettings(config(Map.of("quarkus.gcache.use-case.Profile.local.ttl", "3h")));
            assertThat(call(PROFILE, "7")).isEqualTo("value-4");
            assertThat(call(PROFILE, "7")).isEqualTo("value-4");
        }
        assertThat(engine.useCase(PROFILE).local().entries().get("7").ttlNanos())
                .isEqualTo(Duration.ofHours(3).toNanos());
        assertThat(method.runs()).isEqualTo(4);
    }

    @Test
    void rampZeroNeverCaches() throws Exception {
        engine = engine(Map.of("quarkus.gcache.use-case.Profile.local.ramp", "0"));
        try (GCacheScope scope = Scopes.open(true)) {
            for (int i = 1; i <= 100; i++) {
                assertThat(call(PROFILE, "42")).isEqualTo("value-" + i);
            }
        }
        assertThat(method.runs()).isEqualTo(100);
        assertThat(engine.useCase(PROFILE).local().entries()).isEmpty();
    }

    @Test
    void rampFiftyServesAboutHalfOfTheCallsFromTheCache() throws Exception {
        engine = engine(Map.of("quarkus.gcache.use-case.Profile.local.ramp", "50"));
        method = new Method(run -> "value");
        int calls = 2000;
        try (GCacheScope scope = Scopes.open(true)) {
            for (int i = 0; i < calls; i++) {
                assertThat(call(PROFILE, "42")).isEqualTo("value");
            }
        }
        // Each call falls inside the ramp with p = 0.5; those inside are hits but for the first. The share of
        // calls served by the cache is binomial (mean 50%, sd 1.1%): 35%..65% is more than 13 sd wide.
        int served = calls - method.runs();
        assertThat(served).isBetween(calls * 35 / 100, calls * 65 / 100);
    }

    @Test
    void layerWithoutTtlOrWithABadConfigRunsTheMethod() throws Exception {
        engine = engine(Map.of(
                "quarkus.gcache.use-case.Profile.local.ttl", "0",
                "quarkus.gcache.use-case.Badge.local.ttl", "not-a-duration",
                "quarkus.gcache.use-case.Org.local.ramp", "150"));
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(PROFILE, "42")).isEqualTo("value-1");
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            assertThat(call(BADGE, "42")).isEqualTo("value-3");
            assertThat(call(BADGE, "42")).isEqualTo("value-4");
            assertThat(call(ORG, "42")).isEqualTo("value-5");
            assertThat(call(ORG, "42")).isEqualTo("value-6");
            // the other use cases are not affected
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-7");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-7");
        }
        assertThat(method.runs()).isEqualTo(7);
    }

    // ---- freshness: what LOCAL may still serve (SPEC §5, §6) -----------------------------------------------

    @Test
    void aFutureBufferKeepsLocalFromFillingWhenNoRemoteReadSawTheWatermark() throws Exception {
        // No Redis here, so no fill can read the watermark: only this process's own record of the buffer can stop
        // a fill that read a lagging replica's old value from living in LOCAL for the whole LOCAL TTL.
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
            fill(POSTS, "42", "created", 1);

            engine.invalidate("user_id", "42", Duration.ofHours(1)).await().indefinitely();

            assertThat(call(PROFILE, "42")).isEqualTo("value-3");
            assertThat(call(PROFILE, "42")).as("a fill during the buffer is not kept").isEqualTo("value-4");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-5");
            assertThat(call(POSTS, "42", "created", 1)).isEqualTo("value-6");
            // another entity of the key type is not held back
            assertThat(call(PROFILE, "7")).isEqualTo("value-7");
            assertThat(call(PROFILE, "7")).isEqualTo("value-7");
        }
        assertThat(engine.useCase(PROFILE).local().entries()).containsOnlyKeys("7");
    }

    @Test
    void anotherProcesssFutureBufferKeepsLocalFromFillingToo() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
            engine.dropLocal("user_id", "42", Duration.ofHours(1).toMillis()); // what its invalidation message says
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");
            assertThat(call(PROFILE, "42")).isEqualTo("value-3");
        }
    }

    @Test
    void localFillsAgainOnceTheFutureBufferHasPassed() throws Exception {
        engine.invalidate("user_id", "42", Duration.ofMillis(100)).await().indefinitely();
        // once the buffer has passed two calls in a row get the same (kept) value
        await().atMost(Duration.ofSeconds(10)).until(() -> enabledCall(PROFILE, "42").equals(enabledCall(PROFILE, "42")));
    }

    @Test
    void aLoweredTtlReachesEntriesAlreadyInLocal() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42"); // LOCAL ttl 1h
        }
        engine.refreshSettings(config(Map.of("quarkus.gcache.use-case.Profile.local.ttl", "50ms")));
        // the entry written under 1h must not outlive the 50ms now in force (it was served up to the hour)
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> enabledCall(PROFILE, "42").equals("value-2"));
    }

    @Test
    void aRaisedTtlDoesNotLengthenEntriesAlreadyInLocal() throws Exception {
        engine = engine(Map.of("quarkus.gcache.use-case.Profile.local.ttl", "50ms"));
        try (GCacheScope scope = Scopes.open(true)) {
            fill(PROFILE, "42");
        }
        engine.refreshSettings(config(Map.of("quarkus.gcache.use-case.Profile.local.ttl", "1h")));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> enabledCall(PROFILE, "42").equals("value-2"));
    }

    @Test
    void aLocalHitAllocatesNothingWithTheTtlInForceNowChecked() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        UseCase profile = engine.useCase(PROFILE);
        Object[] params = { "42" };
        try (GCacheScope scope = Scopes.open(true)) {
            engine.call(profile, params, null, method);
            for (int i = 0; i < 200_000; i++) { // warm up, so that the JIT has compiled the hit path
                engine.call(profile, params, null, method);
            }
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                engine.call(profile, params, null, method);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            System.out.printf("100000 LOCAL hits allocated %d bytes%n", allocated);
            // not a time: a count of bytes; a few hundred bytes of slack for the measurement itself
            assertThat(allocated).as("bytes allocated by 100000 LOCAL hits").isLessThan(1_000);
        }
        assertThat(method.runs()).isEqualTo(1);
    }

    @Test
    void theGlobalSwitchClearsLocalSoNothingFromBeforeComesBack() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(BADGE, "42")).isEqualTo("value-1"); // untracked: no invalidation reaches it
            assertThat(call(PROFILE, "42")).isEqualTo("value-2");

            engine.refreshSettings(config(Map.of("quarkus.gcache.enabled", "false")));
            assertThat(call(BADGE, "42")).isEqualTo("value-3");

            engine.refreshSettings(config(Map.of()));
            assertThat(call(BADGE, "42")).as("nothing from before the kill switch").isEqualTo("value-4");
            assertThat(call(PROFILE, "42")).isEqualTo("value-5");
            assertThat(call(BADGE, "42")).isEqualTo("value-4");
            assertThat(call(PROFILE, "42")).isEqualTo("value-5");
        }
    }

    @Test
    void aLocalTierRampedToZeroOrLeftWithoutTtlServesNothingFromBeforeWhenItComesBack() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            assertThat(call(BADGE, "42")).isEqualTo("value-1");
            assertThat(call(ORG, "9")).isEqualTo("value-2");

            engine.refreshSettings(config(Map.of(
                    "quarkus.gcache.use-case.Badge.local.ramp", "0",
                    "quarkus.gcache.use-case.Org.local.ttl", "0")));
            assertThat(call(BADGE, "42")).isEqualTo("value-3");
            assertThat(call(ORG, "9")).isEqualTo("value-4");

            engine.refreshSettings(config(Map.of()));
            assertThat(call(BADGE, "42")).as("ramp 100 -> 0 -> 100").isEqualTo("value-5");
            assertThat(call(ORG, "9")).as("ttl 1h -> 0 -> 1h").isEqualTo("value-6");
            assertThat(call(BADGE, "42")).isEqualTo("value-5");
            assertThat(call(ORG, "9")).isEqualTo("value-6");
        }
    }

    @Test
    void aRampThatStaysAboveZeroKeepsLocal() throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            fill(BADGE, "42");
            engine.refreshSettings(config(Map.of("quarkus.gcache.use-case.Badge.local.ramp", "50")));
            engine.refreshSettings(config(Map.of()));
            assertThat(call(BADGE, "42")).isEqualTo("value-1");
        }
    }

    @Test
    void anInvalidationLooksOnlyAtWhatThisProcessHoldsOfTheEntity() throws Exception {
        int held = 100_000;
        engine = new GCacheEngine(List.of(spec(POSTS, "user_id", true, ReturnKind.PLAIN, id("user"), arg("sort", 1),
                arg("page", 2))), "urn:gcache", 1024, spec -> 200_000, config(Map.of()), null, null,
                GCacheEngineTest::instantiate, () -> true, GCacheMetrics.NONE);
        try (GCacheScope scope = Scopes.open(true)) {
            for (int page = 0; page < held; page++) {
                call(POSTS, "42", "created", page);
            }
            call(POSTS, "victim", "created", 1);
            call(POSTS, "victim", "created", 2);
        }
        assertThat(method.runs()).isEqualTo(held + 2);
        var local = engine.useCase(POSTS).local();
        long before = local.dropWork();

        engine.invalidate("user_id", "someone-else", Duration.ZERO).await().indefinitely();
        engine.dropLocal("user_id", "someone-else", 0); // as its invalidation message would
        engine.invalidate("user_id", "victim", Duration.ZERO).await().indefinitely();

        assertThat(local.dropWork() - before).as("stored keys looked at to drop two entities, with %d others held", held)
                .isLessThanOrEqualTo(2);
        assertThat(local.entries()).hasSize(held);
    }

    // ---- Uni -----------------------------------------------------------------------------------------------

    @Nested
    class UniPath {

        @Test
        void hitAfterMiss() {
            method = new Method(run -> Uni.createFrom().item("value-" + run));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-1");
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-1");
                assertThat(uni(UNI, "7").await().indefinitely()).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void nothingRunsBeforeTheSubscription() {
            method = new Method(run -> Uni.createFrom().item("value-" + run));
            Uni<Object> uni;
            try (GCacheScope scope = Scopes.open(true)) {
                uni = uni(UNI, "42");
            }
            assertThat(method.runs()).isZero();
            // the scope and the key were those of the call; the lookup happens at subscription
            assertThat(uni.await().indefinitely()).isEqualTo("value-1");
            assertThat(uni.await().indefinitely()).isEqualTo("value-1");
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void uniObtainedOutsideAScopeIsNotCachedWhereverItIsSubscribed() {
            method = new Method(run -> Uni.createFrom().item("value-" + run));
            // uncached, the call is the method's own: it runs when called, as without GCache
            Uni<Object> first = uni(UNI, "42");
            Uni<Object> second = uni(UNI, "42");
            assertThat(method.runs()).isEqualTo(2);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(first.await().indefinitely()).isEqualTo("value-1");
                assertThat(second.await().indefinitely()).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
            assertThat(engine.useCase(UNI).local().entries()).isEmpty();
        }

        @Test
        void nullItemIsCached() {
            method = new Method(run -> Uni.createFrom().nullItem());
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI, "42").await().indefinitely()).isNull();
                assertThat(uni(UNI, "42").await().indefinitely()).isNull();
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void failureIsPropagatedUnchangedAndNotCached() {
            IOException boom = new IOException("boom");
            method = new Method(run -> run == 1 ? Uni.createFrom().failure(boom) : Uni.createFrom().item("value-" + run));
            try (GCacheScope scope = Scopes.open(true)) {
                UniAssertSubscriber<Object> failed = uni(UNI, "42").subscribe().withSubscriber(UniAssertSubscriber.create());
                assertThat(failed.awaitFailure().getFailure()).isSameAs(boom);
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void methodThrowingInsteadOfReturningAUniFailsTheUniAndIsNotCached() {
            IllegalStateException boom = new IllegalStateException("boom");
            method = new Method(run -> {
                if (run == 1) {
                    throw boom;
                }
                return Uni.createFrom().item("value-" + run);
            });
            try (GCacheScope scope = Scopes.open(true)) {
                UniAssertSubscriber<Object> failed = uni(UNI, "42").subscribe().withSubscriber(UniAssertSubscriber.create());
                assertThat(failed.awaitFailure().getFailure()).isSameAs(boom);
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void concurrentSubscribersRunTheMethodOnce() {
            CompletableFuture<Object> result = new CompletableFuture<>();
            method = new Method(run -> Uni.createFrom().completionStage(result));

            List<UniAssertSubscriber<Object>> subscribers = subscribeConcurrently(UNI, "42");
            result.complete("value");

            for (UniAssertSubscriber<Object> s : subscribers) {
                s.awaitItem().assertItem("value");
            }
            assertThat(method.runs()).isEqualTo(1);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value");
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void concurrentSubscribersAllGetTheFailureOfTheOneRun() {
            CompletableFuture<Object> result = new CompletableFuture<>();
            IOException boom = new IOException("boom");
            method = new Method(run -> run == 1 ? Uni.createFrom().completionStage(result)
                    : Uni.createFrom().item("value-" + run));

            List<UniAssertSubscriber<Object>> subscribers = subscribeConcurrently(UNI, "42");
            result.completeExceptionally(boom);

            for (UniAssertSubscriber<Object> s : subscribers) {
                assertThat(s.awaitFailure().getFailure()).isSameAs(boom);
            }
            assertThat(method.runs()).isEqualTo(1);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void cancelledFirstSubscriberDoesNotLeaveWaitersHanging() {
            method = new Method(run -> run == 1 ? Uni.createFrom().nothing() : Uni.createFrom().item("value-" + run));

            List<UniAssertSubscriber<Object>> subscribers = subscribeConcurrently(UNI, "42");
            subscribers.get(0).cancel();

            // each waiter runs the method itself
            List<Object> items = new ArrayList<>();
            for (UniAssertSubscriber<Object> waiter : subscribers.subList(1, THREADS)) {
                items.add(waiter.awaitItem().getItem());
            }
            List<String> expected = new ArrayList<>();
            for (int run = 2; run <= THREADS; run++) {
                expected.add("value-" + run);
            }
            assertThat(items).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(method.runs()).isEqualTo(THREADS);
            assertThat(engine.useCase(UNI).flights).isEmpty();
        }

        @Test
        void cancelledFollowersOfAStuckFillLeaveNothingAttachedToIt() {
            // issue 10 item 7: 200,000 cancelled followers stayed attached to a fill that never completed (+542 MiB)
            method = new Method(run -> Uni.createFrom().nothing());
            UseCase uc = engine.useCase(UNI);
            try (GCacheScope scope = Scopes.open(true)) {
                uni(UNI, "42").subscribe().withSubscriber(UniAssertSubscriber.create()); // the stuck leader
                for (int i = 0; i < CANCELLED_FOLLOWERS; i++) {
                    uni(UNI, "42").subscribe().withSubscriber(UniAssertSubscriber.create()).cancel();
                }
            }
            System.out.printf("GCacheEngineTest: after %d cancelled followers the stuck fill holds %d of them%n",
                    CANCELLED_FOLLOWERS, uc.followersOf("42"));
            assertThat(uc.followersOf("42")).as("followers still attached to the stuck fill").isZero();
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void cancelledStageFollowersOfAStuckFillLeaveNothingAttachedToIt() throws Exception {
            method = new Method(run -> new CompletableFuture<>());
            UseCase uc = engine.useCase(STAGE);
            try (GCacheScope scope = Scopes.open(true)) {
                stage(STAGE, "42");
                for (int i = 0; i < CANCELLED_FOLLOWERS; i++) {
                    stage(STAGE, "42").toCompletableFuture().cancel(false);
                }
            }
            assertThat(uc.followersOf("42")).as("followers still attached to the stuck fill").isZero();
        }

        @Test
        void cancelledWaiterDoesNotAffectTheOthers() {
            CompletableFuture<Object> result = new CompletableFuture<>();
            method = new Method(run -> Uni.createFrom().completionStage(result));

            List<UniAssertSubscriber<Object>> subscribers = subscribeConcurrently(UNI, "42");
            subscribers.get(1).cancel();
            result.complete("value");

            subscribers.get(0).awaitItem().assertItem("value");
            for (UniAssertSubscriber<Object> waiter : subscribers.subList(2, THREADS)) {
                waiter.awaitItem().assertItem("value");
            }
            assertThat(method.runs()).isEqualTo(1);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value");
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void aFutureBufferKeepsLocalFromFilling() {
            method = new Method(run -> Uni.createFrom().item("value-" + run));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-1");
                engine.invalidate("user_id", "42", java.time.Duration.ofHours(1)).await().indefinitely();
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-3");
            }
        }

        @Test
        void fillRunningWhenTheInvalidationLandsDoesNotStayInLocal() {
            CompletableFuture<Object> stale = new CompletableFuture<>();
            method = new Method(run -> run == 1 ? Uni.createFrom().completionStage(stale)
                    : Uni.createFrom().item("value-" + run));

            try (GCacheScope scope = Scopes.open(true)) {
                // STEP 1: a fill is subscribed and pending
                UniAssertSubscriber<Object> first = uni(UNI, "42").subscribe().withSubscriber(UniAssertSubscriber.create());
                assertThat(method.runs()).isEqualTo(1);
                // STEP 2: the entity is invalidated, then the fill completes
                engine.invalidate("user_id", "42", java.time.Duration.ZERO).await().indefinitely();
                stale.complete("stale");
                first.awaitItem().assertItem("stale");
                // STEP 3: the stale item was not kept
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
                assertThat(uni(UNI, "42").await().indefinitely()).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void argumentsArePartOfTheKey() {
            method = new Method(run -> Uni.createFrom().item("value-" + run));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(uni(UNI_POSTS, "42", "created", 1).await().indefinitely()).isEqualTo("value-1");
                assertThat(uni(UNI_POSTS, "42", "created", 2).await().indefinitely()).isEqualTo("value-2");
                assertThat(uni(UNI_POSTS, "42", "created", 1).await().indefinitely()).isEqualTo("value-1");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        /** One subscriber per thread, each in its own scope; returns once all but the first wait for its fill. */
        private List<UniAssertSubscriber<Object>> subscribeConcurrently(String useCase, Object id) {
            List<UniAssertSubscriber<Object>> subscribers = new ArrayList<>();
            try (GCacheScope scope = Scopes.open(true)) {
                subscribers.add(uni(useCase, id).subscribe().withSubscriber(UniAssertSubscriber.create()));
            }
            assertThat(method.runs()).isEqualTo(1);
            List<Future<UniAssertSubscriber<Object>>> waiters = new ArrayList<>();
            for (int i = 1; i < THREADS; i++) {
                waiters.add(pool.submit(() -> {
                    try (GCacheScope scope = Scopes.open(true)) {
                        return uni(useCase, id).subscribe().withSubscriber(UniAssertSubscriber.create());
                    }
                }));
            }
            for (Future<UniAssertSubscriber<Object>> w : waiters) {
                subscribers.add(get(w));
            }
            awaitWaiters(useCase, id, THREADS - 1);
            return subscribers;
        }
    }

    // ---- CompletionStage -----------------------------------------------------------------------------------

    @Nested
    class StagePath {

        @Test
        void hitAfterMiss() throws Exception {
            method = new Method(run -> CompletableFuture.completedFuture("value-" + run));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-1");
                CompletionStage<Object> hit = stage(STAGE, "42");
                assertThat(hit.toCompletableFuture()).isCompletedWithValue("value-1");
                assertThat(join(stage(STAGE, "7"))).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void nullIsCached() throws Exception {
            method = new Method(run -> CompletableFuture.completedFuture(null));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(join(stage(STAGE, "42"))).isNull();
                assertThat(join(stage(STAGE, "42"))).isNull();
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void failureIsPropagatedUnchangedAndNotCached() throws Exception {
            IOException boom = new IOException("boom");
            method = new Method(run -> run == 1 ? CompletableFuture.failedFuture(boom)
                    : CompletableFuture.completedFuture("value-" + run));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThatThrownBy(() -> join(stage(STAGE, "42"))).isInstanceOf(ExecutionException.class).cause()
                        .isSameAs(boom);
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void methodThrowingInsteadOfReturningAStageFailsTheStageAndIsNotCached() throws Exception {
            IOException boom = new IOException("boom");
            method = new Method(run -> {
                if (run == 1) {
                    throw boom;
                }
                return CompletableFuture.completedFuture("value-" + run);
            });
            try (GCacheScope scope = Scopes.open(true)) {
                // On a miss the method may run after an asynchronous REMOTE read, so its exception always
                // reaches the caller through the stage: the same instance, as the cause of get()'s ExecutionException.
                assertThatThrownBy(() -> join(stage(STAGE, "42"))).hasRootCause(boom);
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
            assertThat(engine.useCase(STAGE).flights).isEmpty();
        }

        @Test
        void concurrentCallersRunTheMethodOnce() throws Exception {
            CompletableFuture<Object> result = new CompletableFuture<>();
            method = new Method(run -> result);

            List<CompletionStage<Object>> stages = callConcurrently(STAGE, "42");
            result.complete("value");

            for (CompletionStage<Object> s : stages) {
                assertThat(join(s)).isEqualTo("value");
            }
            assertThat(method.runs()).isEqualTo(1);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value");
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void concurrentCallersAllGetTheFailureOfTheOneRun() throws Exception {
            CompletableFuture<Object> result = new CompletableFuture<>();
            IOException boom = new IOException("boom");
            method = new Method(run -> run == 1 ? result : CompletableFuture.completedFuture("value-" + run));

            List<CompletionStage<Object>> stages = callConcurrently(STAGE, "42");
            result.completeExceptionally(boom);

            for (CompletionStage<Object> s : stages) {
                assertThatThrownBy(() -> join(s)).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
            }
            assertThat(method.runs()).isEqualTo(1);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void cancelledFirstCallerDoesNotLeaveWaitersHanging() throws Exception {
            CompletableFuture<Object> first = new CompletableFuture<>();
            method = new Method(run -> run == 1 ? first : CompletableFuture.completedFuture("value-" + run));

            List<CompletionStage<Object>> stages = callConcurrently(STAGE, "42");
            stages.get(0).toCompletableFuture().cancel(false);

            // the first caller's cancellation is not the waiters' result: each runs the method itself
            assertThatThrownBy(() -> join(stages.get(0))).isInstanceOf(CancellationException.class);
            List<Object> values = new ArrayList<>();
            for (CompletionStage<Object> waiter : stages.subList(1, THREADS)) {
                values.add(join(waiter));
            }
            List<String> expected = new ArrayList<>();
            for (int run = 2; run <= THREADS; run++) {
                expected.add("value-" + run);
            }
            assertThat(values).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(method.runs()).isEqualTo(THREADS);
            assertThat(engine.useCase(STAGE).flights).isEmpty();
        }

        @Test
        void cancelledWaiterDoesNotAffectTheOthers() throws Exception {
            CompletableFuture<Object> result = new CompletableFuture<>();
            method = new Method(run -> result);

            List<CompletionStage<Object>> stages = callConcurrently(STAGE, "42");
            stages.get(1).toCompletableFuture().cancel(false);
            result.complete("value");

            assertThat(join(stages.get(0))).isEqualTo("value");
            for (CompletionStage<Object> waiter : stages.subList(2, THREADS)) {
                assertThat(join(waiter)).isEqualTo("value");
            }
            assertThat(method.runs()).isEqualTo(1);
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value");
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        @Test
        void fillRunningWhenTheInvalidationLandsDoesNotStayInLocal() throws Exception {
            CompletableFuture<Object> stale = new CompletableFuture<>();
            method = new Method(run -> run == 1 ? stale : CompletableFuture.completedFuture("value-" + run));

            try (GCacheScope scope = Scopes.open(true)) {
                CompletionStage<Object> first = stage(STAGE, "42");
                engine.invalidate("user_id", "42", java.time.Duration.ZERO).await().indefinitely();
                stale.complete("stale");
                assertThat(join(first)).isEqualTo("stale");
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-2");
            }
            assertThat(method.runs()).isEqualTo(2);
        }

        @Test
        void completionOnAnotherThreadIsCached() throws Exception {
            method = new Method(run -> CompletableFuture.supplyAsync(() -> "value-" + run, pool));
            try (GCacheScope scope = Scopes.open(true)) {
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-1");
                assertThat(join(stage(STAGE, "42"))).isEqualTo("value-1");
            }
            assertThat(method.runs()).isEqualTo(1);
        }

        /** One call per thread, each in its own scope; returns once all but the first wait for its fill. */
        private List<CompletionStage<Object>> callConcurrently(String useCase, Object id) throws Exception {
            List<CompletionStage<Object>> stages = new ArrayList<>();
            try (GCacheScope scope = Scopes.open(true)) {
                stages.add(stage(useCase, id));
            }
            assertThat(method.runs()).isEqualTo(1);
            List<Future<CompletionStage<Object>>> waiters = new ArrayList<>();
            for (int i = 1; i < THREADS; i++) {
                waiters.add(pool.submit(() -> {
                    try (GCacheScope scope = Scopes.open(true)) {
                        return stage(useCase, id);
                    }
                }));
            }
            for (Future<CompletionStage<Object>> w : waiters) {
                stages.add(w.get());
            }
            awaitWaiters(useCase, id, THREADS - 1);
            return stages;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Object call(String useCase, Object... params) throws Exception {
        return engine.call(engine.useCase(useCase), params, null, method);
    }

    private Object enabledCall(String useCase, Object... params) throws Exception {
        try (GCacheScope scope = Scopes.open(true)) {
            return call(useCase, params);
        }
    }

    private void fill(String useCase, Object... params) throws Exception {
        int before = method.runs();
        call(useCase, params);
        assertThat(method.runs()).as("a fill of %s runs the method", useCase).isEqualTo(before + 1);
    }

    private Uni<Object> uni(String useCase, Object... params) {
        return engine.callUni(engine.useCase(useCase), params, null, method);
    }

    private CompletionStage<Object> stage(String useCase, Object... params) throws Exception {
        return engine.callStage(engine.useCase(useCase), params, null, method);
    }

    private static Object join(CompletionStage<Object> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Waits until {@code count} callers wait for the fill running for the key (an id-only key). */
    private void awaitWaiters(String useCase, Object id, int count) {
        UseCase uc = engine.useCase(useCase);
        await().until(() -> {
            CompletableFuture<Object> fill = uc.flights.get(id);
            return fill != null && fill.getNumberOfDependents() == count;
        });
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private GCacheEngine engine(Map<String, String> properties) {
        return engine(properties, () -> true);
    }

    private static GCacheEngine engine(Map<String, String> properties, BooleanSupplier blockingAllowed) {
        List<UseCaseSpec> specs = List.of(
                spec(PROFILE, "user_id", true, ReturnKind.PLAIN, id("user")),
                spec(POSTS, "user_id", true, ReturnKind.PLAIN, id("user"), arg("sort", 1), arg("page", 2)),
                spec(BADGE, "user_id", false, ReturnKind.PLAIN, id("user")),
                spec(ORG, "org_id", true, ReturnKind.PLAIN, id("org")),
                spec(ACCOUNT, "account_id", true, ReturnKind.PLAIN, reader(id("account"), AccountId.class)),
                spec(EMAIL, "email", true, ReturnKind.PLAIN, adapter(id("email"), Lower.class)),
                spec(SEARCH, "user_id", true, ReturnKind.PLAIN, id("user"), adapter(arg("q", 1), Lower.class)),
                spec(THROWING, "user_id", true, ReturnKind.PLAIN, adapter(id("user"), Throwing.class)),
                spec(UNI, "user_id", true, ReturnKind.UNI, id("user")),
                spec(UNI_POSTS, "user_id", true, ReturnKind.UNI, id("user"), arg("sort", 1), arg("page", 2)),
                spec(STAGE, "user_id", true, ReturnKind.COMPLETION_STAGE, id("user")));
        return new GCacheEngine(specs, "urn:gcache", 1024, spec -> 10_000, config(properties), null, null, GCacheEngineTest::instantiate,
                blockingAllowed, GCacheMetrics.NONE);
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 500))
                .build();
    }

    /** A use case as the build would describe it: LOCAL 1h at ramp 100, arguments sorted by name. */
    private static UseCaseSpec spec(String useCase, String keyType, boolean tracked, ReturnKind kind, KeyPartSpec id,
            KeyPartSpec... args) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase(useCase);
        spec.setKeyType(keyType);
        spec.setTracked(tracked);
        spec.setReturnKind(kind);
        spec.setDeclaringClass("org.acme.Service");
        spec.setMethodName(useCase);
        spec.setMethodKey("org.acme.Service#" + useCase);
        spec.setId(id);
        List<KeyPartSpec> sorted = new ArrayList<>(List.of(args));
        sorted.sort(Comparator.comparing(KeyPartSpec::getName));
        spec.setArgs(sorted);
        spec.setLocalTtl("1h");
        spec.setLocalRamp(100);
        return spec;
    }

    private static KeyPartSpec id(String name) {
        return arg(name, 0);
    }

    private static KeyPartSpec arg(String name, int position) {
        KeyPartSpec part = new KeyPartSpec();
        part.setName(name);
        part.setPosition(position);
        part.setValueKey(true);
        return part;
    }

    private static KeyPartSpec reader(KeyPartSpec part, Class<? extends PropertyReader> reader) {
        part.setPath("id");
        part.setReaderClass(reader.getName());
        part.setValueKey(true);
        return part;
    }

    private static KeyPartSpec adapter(KeyPartSpec part, Class<?> adapter) {
        part.setAdapterClass(adapter.getName());
        part.setValueKey(false);
        return part;
    }

    private static Object instantiate(String className) {
        try {
            return Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    record Account(String id, String name) {
    }

    /** What the build generates for {@code @GCacheId("id") Account account}. */
    public static final class AccountId implements PropertyReader {
        @Override
        public Object read(Object argument) {
            return ((Account) argument).id();
        }
    }

    /** Lower-cases; fails for "!" and gives "" for "?", like a broken adapter would. */
    public static final class Lower implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            if (value.equals("!")) {
                throw new IllegalArgumentException("cannot adapt " + value);
            }
            return value.equals("?") ? "" : value.toLowerCase();
        }
    }

    /** Throws a checked IOException for "io", an AssertionError for "assert", a StackOverflowError for "deep". */
    public static final class Throwing implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            return switch (value) {
                case "io" -> throw Throwing.<RuntimeException> sneaky(new IOException("cannot read " + value));
                case "assert" -> throw new AssertionError("broken adapter");
                case "deep" -> throw new StackOverflowError();
                default -> value;
            };
        }

        @SuppressWarnings("unchecked")
        static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }

    @FunctionalInterface
    interface Body {
        Object run(int run) throws Exception;
    }

    /** The cached method: counts its runs and hands the run number to its body. */
    static final class Method implements Invoker<Object> {
        private final AtomicInteger runs = new AtomicInteger();
        private final Body body;

        Method(Body body) {
            this.body = body;
        }

        @Override
        public Object proceed(Object target, Object[] params) throws Exception {
            return body.run(runs.incrementAndGet());
        }

        int runs() {
            return runs.get();
        }
    }
}
