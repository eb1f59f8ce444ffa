package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.gcache.test.redis.SecureRedis;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI of an application connected as the limited ACL user of the guide (SPEC §15, over TLS with a password):
 * every JSON-RPC method works — use cases, the key browser over LOCAL and Redis (Redis listed by SCAN), the watermark
 * states, flights, delete, invalidate, ramp and TTL, flush — each answering within a bound, and GCache logs no refusal.
 */
class LeastPrivilegeDevUiTest {

    /** The guide's ACL line (consistency.adoc, "Least privilege"), as {@code LeastPrivilegeTest} uses it. */
    static final String ACL = "on >s3cret ~urn:gcache:* ~{urn:gcache:* &urn:gcache:* &__keyspace@0__:{urn:gcache:*}#watermark "
            + "+@read +@write +@scripting +@pubsub +scan +ping +time +info";
    static final SecureRedis REDIS = SecureRedis.get(LeastPrivilegeDevUiTest.class.getName(), Map.of("gcache", ACL));
    /** What one Dev UI call may take: far above a normal answer, far below a hang. */
    static final Duration BOUND = Duration.ofSeconds(20);

    static final String PROFILE_42 = "{urn:gcache:user_id:42}#DevProfile";
    static final String POSTS_42 = "{urn:gcache:user_id:42}?page=2#DevPosts";
    static final String ITEM_9 = "urn:gcache:item_id:9#DevItem";

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class, DevCatalogRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.hosts=" + REDIS.tlsUri("gcache", "s3cret") + "\n"
                            + "quarkus.redis.tls-configuration-name=gcache-redis\n"
                            + "quarkus.tls.gcache-redis.trust-store.pem.certs=" + REDIS.caCertificate() + "\n"
                            + "quarkus.tls.gcache-redis.hostname-verification-algorithm=HTTPS\n"
                            + "quarkus.redis.devservices.enabled=false\n"
                            + "quarkus.gcache.remote.timeout=5s\n"), "application.properties"))
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.WARNING.intValue());

    private DevUiJsonRpc rpc;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @AfterEach
    void closeSocket() {
        if (rpc != null) {
            rpc.close();
        }
    }

    /** One Dev UI call, which must answer (a result or an error) within {@link #BOUND}. */
    private JsonNode call(String method, Map<String, ?> params) {
        return assertTimeoutPreemptively(BOUND, () -> {
            if (rpc == null) {
                rpc = new DevUiJsonRpc(ConfigProvider.getConfig().getValue("test.url", String.class), "quarkus-gcache");
            }
            return rpc.call(method, params);
        }, () -> "Dev UI " + method + " " + params + " did not answer within " + BOUND);
    }

    @Test
    void everyDevUiMethodWorksAsTheLimitedUser() throws Exception {
        GCacheDevUiJsonRpcTest.get("/catalog/profile?id=42");
        GCacheDevUiJsonRpcTest.get("/catalog/posts?id=42&page=2");
        GCacheDevUiJsonRpcTest.get("/catalog/item?id=9");
        await().atMost(BOUND).until(() -> REDIS.command("EXISTS", PROFILE_42, POSTS_42, ITEM_9).equals(3L));

        // use cases
        JsonNode profile = byField(call("getUseCases", Map.of()), "useCase", "DevProfile");
        assertThat(profile.at("/remote/configured").asBoolean()).isTrue();
        assertThat(profile.at("/remote/requests").asLong()).isPositive();

        // the key browser: Redis by SCAN, with the watermark state of tracked entries
        JsonNode remote = call("getKeys", keys("REMOTE"));
        assertThat(remote.has("note")).as("a note of a Redis failure: " + remote.path("note")).isFalse();
        assertThat(entries(remote)).extracting(e -> e.get("urn").asText()).contains(PROFILE_42, POSTS_42, ITEM_9);
        assertThat(byField(remote.get("entries"), "urn", PROFILE_42).get("state").asText()).isEqualTo("fresh");
        JsonNode both = call("getKeys", keys(""));
        assertThat(both.has("note")).as("a note of a Redis failure: " + both.path("note")).isFalse();
        assertThat(entries(both)).extracting(e -> e.get("layer").asText()).contains("LOCAL", "REMOTE");
        assertThat(entries(both)).filteredOn(e -> e.get("layer").asText().equals("LOCAL") && e.get("tracked").asBoolean())
                .isNotEmpty().allSatisfy(e -> assertThat(e.get("state").asText()).isEqualTo("fresh"));

        // flights
        JsonNode flights = call("getFlights", Map.of());
        assertThat(flights.get("leaders").asInt()).isZero();

        // invalidate: the watermark is written, the Redis entry is stale
        assertThat(call("invalidate", Map.of("keyType", "user_id", "id", "42")).asText()).isEqualTo("Invalidated user_id 42");
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#watermark")).isEqualTo(1L);
        assertThat(byField(call("getKeys", keys("REMOTE")).get("entries"), "urn", PROFILE_42).get("state").asText())
                .isEqualTo("stale");

        // delete one entry from both layers
        assertThat(call("deleteEntry", Map.of("urn", ITEM_9, "layer", "")).asInt()).isPositive();
        assertThat(REDIS.command("EXISTS", ITEM_9)).isEqualTo(0L);

        // ramp and TTL at run time (no Redis), and back
        JsonNode set = call("setUseCaseConfig", Map.of("useCase", "DevProfile", "layer", "REMOTE", "ttl", "5m", "ramp",
                "50"));
        assertThat(set.at("/remote/ramp").asInt()).isEqualTo(50);
        assertThat(call("resetUseCaseConfig", Map.of("useCase", "DevProfile")).at("/remote/ramp").asInt())
                .isEqualTo(100);

        // flush: GCache's entries go, by SCAN
        REDIS.command("SET", "someone:else", "not ours");
        call("flush", Map.of());
        assertThat(REDIS.command("EXISTS", PROFILE_42, POSTS_42)).isEqualTo(0L);
        assertThat(REDIS.command("GET", "someone:else")).isEqualTo("not ours");
        assertThat(entries(call("getKeys", keys("REMOTE")))).isEmpty();

        List<String> problems = TEST.getLogRecords().stream()
                .map(r -> String.format(r.getMessage(), r.getParameters()))
                // about Redis: not DevCatalog's Map<String, Object> (a warning about the type), nor a system property a
                // test before may leave
                .filter(m -> !m.startsWith("GCache: the value type"))
                .filter(m -> m.contains("Redis") || m.contains("REMOTE") || m.contains("keyspace")).toList();
        assertThat(problems).as("GCache's warnings and errors about Redis").isEmpty();
    }

    private static Map<String, Object> keys(String layer) {
        Map<String, Object> params = new HashMap<>();
        params.put("layer", layer);
        params.put("keyType", "");
        params.put("id", "");
        params.put("useCase", "");
        params.put("cursor", "");
        params.put("pageSize", 1000);
        return params;
    }

    private static List<JsonNode> entries(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.get("entries").forEach(out::add);
        return out;
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
