package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidFallbackTimeoutException;
import io.quarkus.test.QuarkusUnitTest;

/** A {@code fallbackTimeout} is a positive duration, checked at build time like a ttl (SPEC §11). */
class InvalidFallbackTimeoutTest {

    private static final String FIX = "write e.g. fallbackTimeout = \"2s\", \"500ms\" or \"PT1M\", or leave it out for "
            + "the default (60s)";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(DeadlineBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                InvalidFallbackTimeoutException words = BuildErrors.forMethod(t, InvalidFallbackTimeoutException.class,
                        DeadlineBean.class, "words");
                BuildErrors.assertNamesAndFix(words, DeadlineBean.class, "words", FIX);
                assertThat(words).hasMessageStartingWith("the fallbackTimeout \"two seconds\" cannot be read: it is not "
                        + "a number with a unit (ms, s, m, h or d) nor an ISO-8601 duration [class=");
                assertThat(words.getMessage().split("write e.g.", -1)).as("\"write e.g.\" once").hasSize(2);

                InvalidFallbackTimeoutException zero = BuildErrors.forMethod(t, InvalidFallbackTimeoutException.class,
                        DeadlineBean.class, "zero");
                BuildErrors.assertNamesAndFix(zero, DeadlineBean.class, "zero", FIX);
                assertThat(zero).hasMessageStartingWith("the fallbackTimeout \"0\" cannot be read: it must be longer "
                        + "than 0 [class=");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class DeadlineBean {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"), fallbackTimeout = "two seconds")
        public String words(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"), fallbackTimeout = "0")
        public String zero(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"), fallbackTimeout = "2s")
        public String fine(@GCacheId String userId) {
            return userId;
        }
    }
}
