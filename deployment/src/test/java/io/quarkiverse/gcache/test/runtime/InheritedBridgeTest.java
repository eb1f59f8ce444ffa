package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A bean that inherits a cached method from a generic base class and implements an interface that names the method
 * with the bound type ({@code User find(String)}) gets a bridge from javac that calls the inherited method with
 * {@code invokespecial}: calls through the interface reach the bean's cache like any other call.
 */
public class InheritedBridgeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, User.class, UserLookup.class, OtherLookup.class, UserRepo.class,
                    Middle.class, LeafRepo.class, SingletonRepo.class));

    @Inject
    UserLookup lookup;

    @Inject
    UserRepo repo;

    @Inject
    LeafRepo leaf;

    @Inject
    SingletonRepo singleton;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        Repo.RUNS.set(0);
        Middle.RUNS.set(0);
    }

    @Test
    void callsThroughTheInterfaceAreCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookup.find("1")).isEqualTo(new User("1"));
            assertThat(lookup.find("1")).isEqualTo(new User("1"));
            assertThat(repo.find("1")).isEqualTo(new User("1"));
        }
        assertThat(Repo.RUNS).as("runs of the inherited body through the interface's bridge").hasValue(1);
    }

    @Test
    void threeLevelsTheMiddleOverridesAndCallsSuperTheLeafInherits() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(leaf.find("2")).isEqualTo(new User("mid-2"));
            assertThat(leaf.find("2")).isEqualTo(new User("mid-2"));
        }
        assertThat(Middle.RUNS).hasValue(1);
        assertThat(Repo.RUNS).hasValue(1);
    }

    @Test
    void aSingletonInheritsTheCacheToo() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(singleton.find("3")).isEqualTo(new User("3"));
            assertThat(singleton.find("3")).isEqualTo(new User("3"));
            OtherLookup asLookup = singleton;
            assertThat(asLookup.find("3")).isEqualTo(new User("3"));
        }
        assertThat(Repo.RUNS).hasValue(1);
    }

    public record User(String id) {
    }

    public interface UserLookup {
        User find(String id);
    }

    public interface OtherLookup {
        User find(String id);
    }

    public abstract static class Repo<T> {
        static final AtomicInteger RUNS = new AtomicInteger();

        protected abstract T create(String id);

        @GCached(keyType = "user", local = @GCached.Layer(ttl = "1h"))
        public T find(@GCacheId String id) {
            RUNS.incrementAndGet();
            return create(id);
        }
    }

    @ApplicationScoped
    public static class UserRepo extends Repo<User> implements UserLookup {
        @Override
        protected User create(String id) {
            return new User(id);
        }
    }

    public static class Middle extends Repo<User> {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        protected User create(String id) {
            return new User(id);
        }

        @Override
        @GCached(keyType = "user", local = @GCached.Layer(ttl = "1h"))
        public User find(@GCacheId String id) {
            RUNS.incrementAndGet();
            return new User("mid-" + super.find(id).id());
        }
    }

    @ApplicationScoped
    public static class LeafRepo extends Middle {
    }

    @Singleton
    public static class SingletonRepo extends Repo<User> implements OtherLookup {
        @Override
        protected User create(String id) {
            return new User(id);
        }
    }
}
