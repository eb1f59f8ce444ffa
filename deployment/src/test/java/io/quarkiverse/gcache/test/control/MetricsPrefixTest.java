package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/** {@code quarkus.gcache.metrics.prefix=myapp_} prefixes every series name. */
class MetricsPrefixTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Prefixed.class))
            .overrideConfigKey("quarkus.gcache.metrics.prefix", "myapp_")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @Inject
    Prefixed prefixed;

    @Inject
    GCache gcache;

    @Test
    void everySeriesCarriesThePrefix() {
        try (GCacheScope scope = gcache.enable()) {
            prefixed.get("1");
            prefixed.get("1");
        }
        gcache.invalidate("item_id", "1");
        String body = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        String labels = "{key_type=\"item_id\",layer=\"LOCAL\",use_case=\"PrefixedItem\"}";
        assertThat(body.lines()).contains(
                "myapp_gcache_request_counter_total" + labels + " 2.0",
                "myapp_gcache_miss_counter_total{key_type=\"item_id\",layer=\"LOCAL\",reason=\"value_absent\","
                        + "use_case=\"PrefixedItem\"} 1.0",
                "myapp_gcache_get_timer_count" + labels + " 2.0",
                "myapp_gcache_fallback_timer_count" + labels + " 1.0",
                "myapp_gcache_disabled_counter_total{key_type=\"item_id\",layer=\"GLOBAL\",reason=\"context\","
                        + "use_case=\"PrefixedItem\"} 0.0",
                "myapp_gcache_invalidation_counter_total{key_type=\"item_id\",layer=\"LOCAL\"} 1.0");
        assertThat(body).contains("\nmyapp_gcache_serialization_timer_count{", "\nmyapp_gcache_size_histogram_count{");
        assertThat(body.lines().filter(l -> l.startsWith("gcache_") || l.contains(" gcache_"))).isEmpty();
    }

    @ApplicationScoped
    public static class Prefixed {
        @GCached(keyType = "item_id", useCase = "PrefixedItem", local = @GCached.Layer(ttl = "1h"))
        public String get(@GCacheId String id) {
            return id;
        }
    }
}
