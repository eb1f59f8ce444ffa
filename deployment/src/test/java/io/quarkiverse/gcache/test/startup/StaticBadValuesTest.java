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
 * SPEC §14: values of the application's static configuration ({@code application.properties} here) that GCache cannot
 * read fail the start, every one of them named with its fix, instead of switching a layer off in production unseen.
 */
class StaticBadValuesTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class))
            .overrideConfigKey("quarkus.gcache.use-case.\"Broken\".local.ttl", "soon")
            .overrideConfigKey("quarkus.gcache.use-case.Broken.remote.ramp", "half")
            .overrideConfigKey("quarkus.gcache.use-case.\"Broken\".local.max-size", "-1")
            .overrideConfigKey("quarkus.gcache.use-case.\"Broken\".remote.ttl", "10k")
            .overrideConfigKey("quarkus.gcache.use-case.\"Broken\".fallback-timeout", "0")
            .overrideConfigKey("quarkus.gcache.enabled", "yes")
            .overrideConfigKey("quarkus.gcache.use-case.\"Fine\".local.ttl", "2m")
            .assertException(StaticBadValuesTest::assertFailure);

    static void assertFailure(Throwable t) {
        // the application's own ConfigurationException, from its class loader: not wrapped in a bean's creation
        assertThat(t.getClass().getName()).as("%s", t).isEqualTo(ConfigurationException.class.getName());
        assertThat(t.getMessage()).startsWith("GCache cannot start: 6 values of the application's configuration cannot "
                + "be read")
                .contains("quarkus.gcache.use-case.\"Broken\".local.ttl=soon (")
                .contains("'soon' is not a duration; write a duration such as")
                .contains("write a duration such as 60s, 5m, 1h or PT1H, or 0 to turn the layer off")
                .contains("quarkus.gcache.use-case.Broken.remote.ramp=half (")
                .contains("write a whole number from 0 (the layer is off) to 100 (every call uses it)")
                .contains("quarkus.gcache.use-case.\"Broken\".local.max-size=-1 (")
                .contains("write a whole number of entries, 0 or more")
                .contains("quarkus.gcache.use-case.\"Broken\".remote.ttl=10k (")
                .contains("quarkus.gcache.use-case.\"Broken\".fallback-timeout=0 (")
                .contains("write a duration longer than 0")
                .contains("quarkus.gcache.enabled=yes (")
                .contains("write true or false")
                .contains("application.properties")
                .doesNotContain("Fine");
    }

    @Test
    void theStartFails() {
        fail("the application must not start");
    }

    @ApplicationScoped
    public static class Profiles {

        @GCached(keyType = "user_id", useCase = "Broken", local = @GCached.Layer(ttl = "1m"))
        public String broken(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "user_id", useCase = "Fine", local = @GCached.Layer(ttl = "1m"))
        public String fine(@GCacheId String id) {
            return id;
        }
    }
}
