package io.quarkiverse.gcache.test.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §13 and §14: a stale-on-error max-age from the static configuration that cannot be read, or that is not longer
 * than the REMOTE ttl in force at start (from the annotation or the configuration), fails the start, naming the
 * property and the fix.
 */
class StaleOnErrorMaxAgeStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Sources.class))
            .overrideConfigKey("quarkus.gcache.use-case.\"ShortAge\".stale-on-error.max-age", "30s")
            .overrideConfigKey("quarkus.gcache.use-case.\"LongTtl\".remote.ttl", "2h")
            .overrideConfigKey("quarkus.gcache.use-case.\"Unreadable\".stale-on-error.max-age", "soon")
            .overrideConfigKey("quarkus.gcache.use-case.\"Fine\".stale-on-error.max-age", "2h")
            .assertException(StaleOnErrorMaxAgeStartupTest::assertFailure);

    static void assertFailure(Throwable t) {
        assertThat(t.getClass().getName()).as("%s", t).isEqualTo(ConfigurationException.class.getName());
        assertThat(t.getMessage()).startsWith("GCache cannot start: 3 values")
                .contains("quarkus.gcache.use-case.\"ShortAge\".stale-on-error.max-age=30s (")
                .contains("is not longer than the use case's REMOTE ttl 1m (@GCached)")
                .contains("quarkus.gcache.use-case.\"LongTtl\".stale-on-error.max-age=10m (@GCached) is not longer "
                        + "than the use case's REMOTE ttl 2h (")
                .contains("write a max-age longer than the remote ttl (or a shorter ttl), or 0 to turn stale on error off")
                .contains("quarkus.gcache.use-case.\"Unreadable\".stale-on-error.max-age=soon (")
                .contains("write a duration longer than the use case's remote ttl, such as 10m, or 0 to turn it off")
                .doesNotContain("Fine");
    }

    @Test
    void theStartFails() {
        fail("the application must not start");
    }

    @ApplicationScoped
    public static class Sources {

        @GCached(keyType = "user_id", useCase = "ShortAge", remote = @GCached.Layer(ttl = "1m"))
        public String shortAge(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "LongTtl", remote = @GCached.Layer(ttl = "1m"),
                staleOnErrorMaxAge = "10m")
        public String longTtl(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "Unreadable", remote = @GCached.Layer(ttl = "1m"))
        public String unreadable(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "Fine", remote = @GCached.Layer(ttl = "1h"))
        public String fine(@GCacheId String id) {
            return id;
        }
    }
}
