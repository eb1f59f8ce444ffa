package io.quarkiverse.gcache.test.health;

import static io.quarkiverse.gcache.test.health.ReadinessChecks.gcacheCheck;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/** SPEC §14: an application without Redis for GCache is ready, and its check says REMOTE is not configured. */
class HealthLocalOnlyTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class, ReadinessChecks.class));

    @Test
    void upWithRemoteNotConfigured() {
        assertThat(RestAssured.get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(gcacheCheck()).isEqualTo(Map.of("name", "gcache", "status", "UP", "data",
                Map.of("remote", "not_configured", "invalidations", "not_configured", "use_cases", 1)));
    }

    @ApplicationScoped
    public static class Catalog {

        @GCached(keyType = "item_id", useCase = "LocalOnlyItem", local = @GCached.Layer(ttl = "1h"))
        public String item(@GCacheId String id) {
            return "item-" + id;
        }
    }
}
