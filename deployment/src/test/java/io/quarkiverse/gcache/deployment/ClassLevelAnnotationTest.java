package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.ClassLevelAnnotationException;
import io.quarkus.test.QuarkusUnitTest;

/** {@code @GCached} belongs on each method: a class has no single key type, id or use case. */
class ClassLevelAnnotationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(CachedClass.class))
            .assertException(t -> {
                ClassLevelAnnotationException e = BuildErrors.single(t, ClassLevelAnnotationException.class);
                // The error is about the class, so it names no method.
                BuildErrors.assertNamesAndFix(e, CachedClass.class, "-",
                        "put @GCached on each method to cache, each with its own keyType and id");
                assertThat(e).hasMessageStartingWith("@GCached is on a class");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    @GCached(keyType = "user_id")
    static class CachedClass {

        public String profile(String userId) {
            return userId;
        }
    }
}
