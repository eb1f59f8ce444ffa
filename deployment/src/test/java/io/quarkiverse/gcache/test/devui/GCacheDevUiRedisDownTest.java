package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * Issue 12 item 7: the Dev UI while Redis is frozen (SIGSTOP), and its answers to bad input. It follows the engine's
 * rules (remote.timeout, the breaker), shows LOCAL when REMOTE fails (with a note), says when an action did not
 * reach Redis, and refuses bad input with a clear message.
 */
class GCacheDevUiRedisDownTest {

    static final SharedRedis REDIS = SharedRedis.get(GCacheDevUiRedisDownTest.class.getName());
    static final long REMOTE_TIMEOUT_MS = 500;

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class, DevCatalogRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.hosts=" + REDIS.uri() + "\n"
                            + "quarkus.redis.devservices.enabled=false\n"
                            + "quarkus.gcache.remote.timeout=" + REMOTE_TIMEOUT_MS + "ms\n"
                            // This test is about the Dev UI: the frozen Redis must not also cost the LOCAL entries
                            // through a lost subscription (SilentSubscriptionTest covers that).
                            + "quarkus.gcache.remote.subscription-ping-interval=0\n"), "application.properties"));

    private DevUiJsonRpc rpc;

    @AfterAll
    static void stopRedis() {
        REDIS.resume();
        REDIS.close();
    }

    @AfterEach
    void closeSocket() {
        if (rpc != null) {
            rpc.close();
        }
    }

    private JsonNode call(String method, Map<String, ?> params) throws Exception {
        if (rpc == null) {
            rpc = new DevUiJsonRpc(ConfigProvider.getConfig().getValue("test.url", String.class), "quarkus-gcache");
        }
        return rpc.call(method, params);
    }

    @Test
    void theDevUiWhileRedisIsFrozenAndWithBadInput() throws Exception {
        for (int i = 1; i <= 4; i++) {
            GCacheDevUiJsonRpcTest.get("/catalog/profile?id=p" + i); // tracked: LOCAL and REMOTE
        }
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:p1}#DevProfile")).isEqualTo(1L);
        // Every check is made, and every failure reported together.
        SoftAssertions softly = new SoftAssertions();

        // Bad input is refused with a message that says what is wrong, whatever Redis does.
        softly.assertThat(refusal("getKeys", keys("", "Lx"))).contains("cursor 'Lx'").doesNotContain("input string");
        softly.assertThat(refusal("getKeys", keys("", "R7:0"))).contains("cursor 'R7:0'");
        softly.assertThat(refusal("setUseCaseConfig",
                Map.of("useCase", "DevProfile", "layer", "LOCAL", "ttl", "200000d", "ramp", ""))).contains("200000d");
        JsonNode profile = byUseCase(call("getUseCases", Map.of()), "DevProfile");
        softly.assertThat(profile.at("/local/ttl").asText()).isEqualTo("1m");
        softly.assertThat(refusal("invalidate", Map.of("keyType", "no_such_type*", "id", "1")))
                .contains("no_such_type*").contains("user_id");
        softly.assertThat(REDIS.command("EXISTS", "{urn:gcache:no_such_type*:1}#watermark")).isEqualTo(0L);

        REDIS.pause();
        try {
            // LOCAL alone: at most one remote.timeout for the watermark states, not one wait per entry. Bound: the
            // timeout once, plus 4 s of slack for a loaded machine (two CPUs shared by several builds); the old code
            // took 5 s per tracked entry (20 s).
            long start = System.nanoTime();
            JsonNode local = call("getKeys", keys("LOCAL", ""));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("GCacheDevUiRedisDownTest: LOCAL list of 4 tracked entries with Redis frozen took %d ms "
                    + "(remote.timeout %d ms)%n", tookMs, REMOTE_TIMEOUT_MS);
            softly.assertThat(tookMs).as("LOCAL list with Redis frozen, ms").isLessThan(REMOTE_TIMEOUT_MS + 4000);
            softly.assertThat(entries(local)).hasSize(4);
            softly.assertThat(entries(local)).extracting(e -> e.get("state").asText()).containsOnly("unknown");
            softly.assertThat(local.path("note").asText()).as("LOCAL page note").contains("Redis");

            // Both layers: LOCAL's entries are shown, with a note that Redis could not be listed.
            try {
                JsonNode both = call("getKeys", keys("", ""));
                softly.assertThat(entries(both)).extracting(e -> e.get("layer").asText()).containsOnly("LOCAL")
                        .hasSize(4);
                softly.assertThat(both.path("note").asText()).as("both layers page note").contains("Redis");
            } catch (IllegalStateException e) {
                softly.fail("listing both layers failed: " + e.getMessage());
            }

            // Invalidate says that Redis did not take the watermark.
            softly.assertThat(refusal("invalidate", Map.of("keyType", "user_id", "id", "p1")))
                    .as("invalidate with Redis frozen").contains("Redis");
        } finally {
            REDIS.resume();
        }
        softly.assertAll();
    }

    /** The error a call answers with ("" when it succeeds). */
    private String refusal(String method, Map<String, ?> params) throws Exception {
        try {
            JsonNode answer = call(method, params);
            return "";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static Map<String, Object> keys(String layer, String cursor) {
        Map<String, Object> params = new HashMap<>();
        params.put("layer", layer);
        params.put("keyType", "");
        params.put("id", "");
        params.put("useCase", "");
        params.put("cursor", cursor);
        params.put("pageSize", 1000);
        return params;
    }

    private static List<JsonNode> entries(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.get("entries").forEach(out::add);
        return out;
    }

    private static JsonNode byUseCase(JsonNode useCases, String name) {
        for (JsonNode n : useCases) {
            if (n.get("useCase").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no use case " + name + " in " + useCases);
    }
}
