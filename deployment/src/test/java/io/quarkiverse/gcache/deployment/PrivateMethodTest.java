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
 * A private method cannot be intercepted. By default ArC rejects it first (see {@link PrivateMethodArcCheckTest});
 * GCache's own error is what the build reports when ArC's generic check is turned off.
 */
class PrivateMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PrivateBean.class))
            .overrideConfigKey("quarkus.arc.fail-on-intercepted-private-method", "false")
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
