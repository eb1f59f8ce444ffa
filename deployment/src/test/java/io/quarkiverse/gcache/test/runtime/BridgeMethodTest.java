package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
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
 * A cached method that implements a generic interface, or overrides with a covariant return type, gets a bridge
 * method from javac (with a copy of the annotations): the build reads the real method only, and calls through the
 * bridge (the interface, the base type) reach the cache.
 */
public class BridgeMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Finder.class, User.class, UserFinder.class, Labels.class,
                    ShortLabels.class));

    @Inject
    UserFinder users;

    @Inject
    ShortLabels labels;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        UserFinder.RUNS.set(0);
        ShortLabels.RUNS.set(0);
    }

    @Test
    void aMethodOfAGenericInterfaceIsCachedThroughTheInterfaceToo() {
        Finder<User> finder = users;
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.find("1")).isEqualTo(new User("1"));
            assertThat(finder.find("1")).isEqualTo(new User("1"));
            assertThat(users.find("1")).isEqualTo(new User("1"));
        }
        assertThat(UserFinder.RUNS).hasValue(1);
    }

    @Test
    void aCovariantOverrideIsCachedThroughTheBaseTypeToo() {
        Labels base = labels;
        try (GCacheScope scope = gcache.enable()) {
            assertThat(labels.label("x")).isEqualTo("label-x");
            assertThat(base.label("x")).isEqualTo("label-x");
        }
        assertThat(ShortLabels.RUNS).hasValue(1);
    }

    public interface Finder<T> {
        T find(String id);
    }

    public record User(String id) {
    }

    @ApplicationScoped
    public static class UserFinder implements Finder<User> {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        @GCached(keyType = "user", local = @GCached.Layer(ttl = "1h"))
        public User find(@GCacheId String id) {
            RUNS.incrementAndGet();
            return new User(id);
        }
    }

    public abstract static class Labels {
        public abstract Object label(String id);
    }

    @ApplicationScoped
    public static class ShortLabels extends Labels {
        static final AtomicInteger RUNS = new AtomicInteger();

        @Override
        @GCached(keyType = "label", local = @GCached.Layer(ttl = "1h"))
        public String label(@GCacheId String id) {
            RUNS.incrementAndGet();
            return "label-" + id;
        }
    }
}
