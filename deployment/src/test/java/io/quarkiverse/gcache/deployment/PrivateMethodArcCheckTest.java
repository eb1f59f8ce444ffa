package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With ArC's default {@code quarkus.arc.fail-on-intercepted-private-method=true}, ArC rejects a private
 * {@code @GCached} method while it registers the beans, before GCache validates: the build still fails, with
 * ArC's message naming the method.
 */
class PrivateMethodArcCheckTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PrivateBean.class))
            .assertException(t -> {
                assertThat(BuildErrors.all(t)).isEmpty();
                Throwable deployment = t;
                while (deployment != null && !(deployment instanceof DeploymentException)) {
                    deployment = deployment.getCause();
                }
                assertThat(deployment).isInstanceOf(DeploymentException.class)
                        .hasMessageContaining(PrivateBean.class.getName() + ".profile()")
                        .hasMessageContaining("because the method is private");
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
