package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnstableKeyPartException;
import io.quarkus.test.QuarkusUnitTest;

/** A key part typed by the base's type variable is checked as each bean binds it: Object is not a key part. */
class GenericUnstableIdTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(CachedRepo.class, GoodRepo.class, BadRepo.class))
            .assertException(t -> {
                UnstableKeyPartException e = BuildErrors.single(t, UnstableKeyPartException.class);
                BuildErrors.assertNamesAndFix(e, CachedRepo.class, "find", "give it an adapter");
                assertThat(e).hasMessageStartingWith("parameter id of type java.lang.Object cannot be part of a cache key: "
                        + "in the bean " + BadRepo.class.getName() + ", java.lang.Object has no stable string form");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public abstract static class CachedRepo<ID> {
        @GCached(keyType = "entity", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId ID id) {
            return "x";
        }
    }

    @ApplicationScoped
    public static class GoodRepo extends CachedRepo<Long> {
    }

    @ApplicationScoped
    public static class BadRepo extends CachedRepo<Object> {
    }
}
