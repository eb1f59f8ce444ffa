package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidStaleOnErrorMaxAgeException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code staleOnErrorMaxAge} must parse, and be longer than the annotation's REMOTE ttl when both are in the
 * annotation (SPEC §13): checked at build time. A ttl or max-age from the configuration is checked at start-up.
 */
class InvalidStaleOnErrorMaxAgeTest {

    private static final String FIX = "write a duration longer than remote = @GCached.Layer(ttl = ...), e.g. "
            + "staleOnErrorMaxAge = \"10m\" for a 1m ttl, or leave it out to turn stale on error off";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(StaleBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                InvalidStaleOnErrorMaxAgeException words = BuildErrors.forMethod(t,
                        InvalidStaleOnErrorMaxAgeException.class, StaleBean.class, "words");
                BuildErrors.assertNamesAndFix(words, StaleBean.class, "words", FIX);
                assertThat(words).hasMessageStartingWith("the staleOnErrorMaxAge \"ten minutes\" cannot be used: it is "
                        + "not a number with a unit");

                InvalidStaleOnErrorMaxAgeException shorter = BuildErrors.forMethod(t,
                        InvalidStaleOnErrorMaxAgeException.class, StaleBean.class, "shorter");
                BuildErrors.assertNamesAndFix(shorter, StaleBean.class, "shorter", FIX);
                assertThat(shorter).hasMessageStartingWith("the staleOnErrorMaxAge \"1m\" cannot be used: it must be "
                        + "longer than the REMOTE ttl \"1h\" [class=");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class StaleBean {

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "60s"), staleOnErrorMaxAge = "ten minutes")
        public String words(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h"), staleOnErrorMaxAge = "1m")
        public String shorter(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1m"), staleOnErrorMaxAge = "10m")
        public String fine(@GCacheId String userId) {
            return userId;
        }

        /** The ttl comes from the configuration: checked at start-up. */
        @GCached(keyType = "user_id", staleOnErrorMaxAge = "10m")
        public String configured(@GCacheId String userId) {
            return userId;
        }
    }
}
