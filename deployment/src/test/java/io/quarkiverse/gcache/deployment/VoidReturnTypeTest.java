package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.VoidReturnTypeException;
import io.quarkus.test.QuarkusUnitTest;

/** A void method has nothing to cache. */
class VoidReturnTypeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(VoidBean.class))
            .assertException(t -> {
                VoidReturnTypeException e = BuildErrors.single(t, VoidReturnTypeException.class);
                BuildErrors.assertNamesAndFix(e, VoidBean.class, "touch", "return the value to cache, or remove @GCached");
                assertThat(e).hasMessageStartingWith("@GCached is on a method that returns void");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class VoidBean {

        @GCached(keyType = "user_id")
        public void touch(@GCacheId String userId) {
        }
    }
}
