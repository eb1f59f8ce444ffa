package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.PrivateMethodException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A private method is never called through the bean's proxy: GCache's own error fails the build, with ArC's
 * defaults (no interceptor is bound to {@code @GCached}, so ArC's check for intercepted private methods does not
 * apply).
 */
class PrivateMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PrivateBean.class))
            .assertException(t -> {
                PrivateMethodException e = BuildErrors.single(t, PrivateMethodException.class);
                BuildErrors.assertNamesAndFix(e, PrivateBean.class, "profile",
                        "make the method public, protected or package-private");
                assertThat(e).hasMessageStartingWith("@GCached is on a private method, which cannot be intercepted");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class PrivateBean {

        public String call(String userId) {
            return profile(userId);
        }

        @GCached(keyType = "user_id")
        private String profile(@GCacheId String userId) {
            return userId;
        }
    }
}
