package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.StaticMethodException;
import io.quarkus.test.QuarkusUnitTest;

/** A static method is not called through a bean, so it is not cached. */
class StaticMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(StaticBean.class))
            .assertException(t -> {
                StaticMethodException e = BuildErrors.single(t, StaticMethodException.class);
                BuildErrors.assertNamesAndFix(e, StaticBean.class, "profile", "make it an instance method of a CDI bean");
                assertThat(e).hasMessageStartingWith("@GCached is on a static method, which cannot be intercepted");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class StaticBean {

        @GCached(keyType = "user_id")
        public static String profile(@GCacheId String userId) {
            return userId;
        }
    }
}
