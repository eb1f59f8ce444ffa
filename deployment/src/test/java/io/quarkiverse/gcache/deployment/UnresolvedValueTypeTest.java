package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnresolvedValueTypeException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * REMOTE reads a value back as the method's return type: a type variable of the method itself ({@code <T> T get})
 * names no type, nor does {@code Object} (JSON would give back a {@code LinkedHashMap}), so the build refuses REMOTE
 * for them. LOCAL keeps the object itself, so LOCAL alone is fine.
 */
class UnresolvedValueTypeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Store.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);
                UnresolvedValueTypeException e = BuildErrors.forMethod(t, UnresolvedValueTypeException.class, Store.class,
                        "get");
                BuildErrors.assertNamesAndFix(e, Store.class, "get", "return a concrete type");
                assertThat(e).hasMessageStartingWith("REMOTE cannot read back a value of type T");
                UnresolvedValueTypeException object = BuildErrors.forMethod(t, UnresolvedValueTypeException.class,
                        Store.class, "any");
                BuildErrors.assertNamesAndFix(object, Store.class, "any", "return a concrete type");
                assertThat(object).hasMessageStartingWith("REMOTE cannot read back a value of type java.lang.Object");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    public static class Store {
        @GCached(keyType = "item", remote = @GCached.Layer(ttl = "1h"))
        public <T> T get(@GCacheId String id, @GCacheIgnore Class<T> type) {
            return type.cast(id);
        }

        @GCached(keyType = "item", remote = @GCached.Layer(ttl = "1h"))
        public Object any(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
        public <T> T local(@GCacheId String id, @GCacheIgnore Class<T> type) {
            return type.cast(id);
        }
    }
}
