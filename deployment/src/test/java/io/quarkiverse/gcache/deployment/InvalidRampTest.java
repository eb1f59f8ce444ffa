package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidRampException;
import io.quarkus.test.QuarkusUnitTest;

/** A layer's ramp is a share of requests, 0 to 100, checked for both layers. */
class InvalidRampTest {

    private static final String FIX = "give the share of requests that use the layer, from 0 to 100";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RampBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                InvalidRampException local = BuildErrors.forMethod(t, InvalidRampException.class, RampBean.class,
                        "tooHigh");
                BuildErrors.assertNamesAndFix(local, RampBean.class, "tooHigh", FIX);
                assertThat(local).hasMessageStartingWith("the local ramp 101 is not between 0 and 100");

                InvalidRampException remote = BuildErrors.forMethod(t, InvalidRampException.class, RampBean.class,
                        "negative");
                BuildErrors.assertNamesAndFix(remote, RampBean.class, "negative", FIX);
                assertThat(remote).hasMessageStartingWith("the remote ramp -1 is not between 0 and 100");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class RampBean {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s", ramp = 101))
        public String tooHigh(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h", ramp = -1))
        public String negative(@GCacheId String userId) {
            return userId;
        }
    }
}
