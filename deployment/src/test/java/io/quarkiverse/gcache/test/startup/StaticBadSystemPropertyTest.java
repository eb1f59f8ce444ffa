package io.quarkiverse.gcache.test.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/** SPEC §14: a system property is static configuration too; one GCache cannot read fails the start. */
class StaticBadSystemPropertyTest {

    static final String PROPERTY = "quarkus.gcache.use-case.\"SysPropBroken\".remote.ttl";

    static {
        System.setProperty(PROPERTY, "an hour");
    }

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class))
            .assertException(t -> {
                Throwable e = t;
                while (e.getCause() != null && !e.getMessage().contains("GCache cannot start")) {
                    e = e.getCause();
                }
                assertThat(e.getMessage()).as("%s", t).contains("GCache cannot start: 1 value ")
                        .contains(PROPERTY + "=an hour (SysPropConfigSource)")
                        .contains("write a duration such as 60s");
            });

    @AfterAll
    static void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void theStartFails() {
        fail("the application must not start");
    }

    @ApplicationScoped
    public static class Profiles {

        @GCached(keyType = "user_id", useCase = "SysPropBroken", local = @GCached.Layer(ttl = "1m"))
        public String broken(@GCacheId String id) {
            return id;
        }
    }
}
