package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Overrides keep plain Java semantics: {@code super.m()} runs the superclass's body (uncached, like a self-invocation
 * that no interceptor sees), never the subclass's, in every shape: cached over cached (abstract base or bean base),
 * uncached over cached, cached over uncached, and a super call from another method.
 */
public class OverrideTest {

    /** A bound generous enough for a loaded machine: the old code never returned (deadlock on its own fill). */
    private static final Duration NO_HANG = Duration.ofSeconds(30);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, SubRepo.class, Greeter.class, FrenchGreeter.class,
                    LoudGreeter.class, PlainNames.class, CachedNames.class));

    @Inject
    SubRepo subRepo;

    @Inject
    Greeter greeter;

    @Inject
    FrenchGreeter french;

    @Inject
    LoudGreeter loud;

    @Inject
    CachedNames names;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        Repo.RUNS.set(0);
        Greeter.RUNS.set(0);
        PlainNames.RUNS.set(0);
    }

    @Test
    void cachedOverrideOverACachedAbstractBaseCallsTheBaseBodyOutsideAScope() {
        // STEP 1: outside a scope the old code recursed into SubRepo.find through super (StackOverflowError)
        assertThat(assertTimeoutPreemptively(NO_HANG, () -> subRepo.find("1"))).isEqualTo("sub(base-1)");
        assertThat(Repo.RUNS).hasValue(1);
    }

    @Test
    void cachedOverrideOverACachedAbstractBaseIsCachedOnceInsideAScope() {
        // The scope is opened on the thread that assertTimeoutPreemptively runs the calls on (a scope is per thread).
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (GCacheScope scope = gcache.enable()) {
                // STEP 1: a miss; the old code waited on its own fill here
                assertThat(subRepo.find("1")).isEqualTo("sub(base-1)");
                // STEP 2: a hit of the subclass's use case
                assertThat(subRepo.find("1")).isEqualTo("sub(base-1)");
            }
        });
        assertThat(Repo.RUNS).hasValue(1);
    }

    @Test
    void superCallFromAnotherMethodRunsTheSuperclassBody() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(french.hello("Bob")).isEqualTo("bonjour Bob");
            assertThat(french.english()).isEqualTo("hello Ann");
            assertThat(greeter.hello("Ann")).isEqualTo("hello Ann");
            assertThat(french.hello("Ann")).isEqualTo("bonjour Ann");
        }
    }

    @Test
    void cachedSubclassAndCachedBeanBaseHaveTheirOwnEntries() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(greeter.hello("Cy")).isEqualTo("hello Cy");
            assertThat(french.hello("Cy")).isEqualTo("bonjour Cy");
            assertThat(greeter.hello("Cy")).isEqualTo("hello Cy");
            assertThat(french.hello("Cy")).isEqualTo("bonjour Cy");
        }
        assertThat(Greeter.RUNS).hasValue(2);
    }

    @Test
    void uncachedOverrideOverACachedBaseIsNotCachedAndItsSuperCallRunsTheBaseBody() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(loud.hello("Di")).isEqualTo("HELLO DI");
            assertThat(loud.hello("Di")).isEqualTo("HELLO DI");
        }
        assertThat(Greeter.RUNS).hasValue(2);
    }

    @Test
    void cachedOverrideOverAnUncachedBase() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(names.name("7")).isEqualTo("cached(plain-7)");
            assertThat(names.name("7")).isEqualTo("cached(plain-7)");
        }
        assertThat(PlainNames.RUNS).hasValue(1);
    }

    public abstract static class Repo {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "repo", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            RUNS.incrementAndGet();
            return "base-" + id;
        }
    }

    @ApplicationScoped
    public static class SubRepo extends Repo {
        @Override
        @GCached(keyType = "repo", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            return "sub(" + super.find(id) + ")";
        }
    }

    @ApplicationScoped
    @Typed(Greeter.class)
    public static class Greeter {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "person", local = @GCached.Layer(ttl = "1h"))
        public String hello(@GCacheId String name) {
            RUNS.incrementAndGet();
            return "hello " + name;
        }
    }

    @ApplicationScoped
    @Typed(FrenchGreeter.class)
    public static class FrenchGreeter extends Greeter {
        @Override
        @GCached(keyType = "person", local = @GCached.Layer(ttl = "1h"))
        public String hello(@GCacheId String name) {
            RUNS.incrementAndGet();
            return "bonjour " + name;
        }

        public String english() {
            return super.hello("Ann");
        }
    }

    @ApplicationScoped
    @Typed(LoudGreeter.class)
    public static class LoudGreeter extends Greeter {
        @Override
        public String hello(String name) {
            return super.hello(name).toUpperCase();
        }
    }

    public static class PlainNames {
        static final AtomicInteger RUNS = new AtomicInteger();

        public String name(String id) {
            RUNS.incrementAndGet();
            return "plain-" + id;
        }
    }

    @ApplicationScoped
    public static class CachedNames extends PlainNames {
        @Override
        @GCached(keyType = "name", local = @GCached.Layer(ttl = "1h"))
        public String name(@GCacheId String id) {
            return "cached(" + super.name(id) + ")";
        }
    }
}
