package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidTtlException;
import io.quarkus.test.QuarkusUnitTest;

/** A layer's ttl is a duration, checked at build time for both layers. */
class InvalidTtlTest {

    private static final String FIX = "write e.g. ttl = \"60s\", \"5m\", \"1h\" or \"PT1H\"; \"0\" or \"\" turns the layer off";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TtlBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                InvalidTtlException local = BuildErrors.forMethod(t, InvalidTtlException.class, TtlBean.class, "words");
                BuildErrors.assertNamesAndFix(local, TtlBean.class, "words", FIX);
                // Says once what is wrong and once how to write it (issue 16 part 7: it said both twice).
                assertThat(local).hasMessageStartingWith("the local ttl \"ten seconds\" cannot be read: it is not a "
                        + "number with a unit (ms, s, m, h or d) nor an ISO-8601 duration [class=");
                assertThat(local.getMessage().split("write e.g.", -1)).as("\"write e.g.\" once").hasSize(2);
                assertThat(local.getMessage().split("ten seconds", -1)).as("the ttl quoted once").hasSize(2);

                InvalidTtlException remote = BuildErrors.forMethod(t, InvalidTtlException.class, TtlBean.class,
                        "negative");
                BuildErrors.assertNamesAndFix(remote, TtlBean.class, "negative", FIX);
                assertThat(remote).hasMessageStartingWith("the remote ttl \"-5s\" cannot be read: it is negative [class=");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class TtlBean {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "ten seconds"))
        public String words(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"), remote = @GCached.Layer(ttl = "-5s"))
        public String negative(@GCacheId String userId) {
            return userId;
        }
    }
}
