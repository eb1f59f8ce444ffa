package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.AbstractMethodException;
import io.quarkus.test.QuarkusUnitTest;

/** An abstract method has no body to cache: the build says where to put the annotation. */
class AbstractMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Lookup.class, UserLookup.class))
            .assertException(t -> {
                AbstractMethodException e = BuildErrors.single(t, AbstractMethodException.class);
                BuildErrors.assertNamesAndFix(e, Lookup.class, "find",
                        "put @GCached on the method that implements it in the bean class");
                assertThat(e).hasMessageStartingWith("@GCached is on an abstract method, which has no body to cache");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public abstract static class Lookup {
        @GCached(keyType = "user_id")
        public abstract String find(@GCacheId String userId);
    }

    @ApplicationScoped
    public static class UserLookup extends Lookup {
        @Override
        public String find(String userId) {
            return userId;
        }
    }
}
