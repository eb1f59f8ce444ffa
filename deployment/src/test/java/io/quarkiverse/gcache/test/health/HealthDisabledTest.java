package io.quarkiverse.gcache.test.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/** {@code quarkus.gcache.health.enabled=false} leaves GCache's check out of {@code /q/health}. */
class HealthDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class))
            .overrideConfigKey("quarkus.gcache.health.enabled", "false");

    @Test
    void noGCacheCheck() {
        List<Map<String, Object>> checks = RestAssured.get("/q/health").then().statusCode(200).extract().jsonPath()
                .getList("checks");
        assertThat(checks).noneMatch(c -> "gcache".equals(c.get("name")));
    }

    @ApplicationScoped
    public static class Catalog {

        @GCached(keyType = "item_id", useCase = "DisabledHealthItem", local = @GCached.Layer(ttl = "1h"))
        public String item(@GCacheId String id) {
            return "item-" + id;
        }
    }
}
