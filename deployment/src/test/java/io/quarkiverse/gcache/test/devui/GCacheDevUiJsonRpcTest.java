package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Every method of {@code GCacheJsonRPCService}, through the Dev UI's JSON-RPC socket of an application in dev mode,
 * against a real redis-server holding known keys: plain, with an argument, untracked, with an escaped id, stale.
 */
class GCacheDevUiJsonRpcTest {

    static final SharedRedis REDIS = SharedRedis.get(GCacheDevUiJsonRpcTest.class.getName());

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class, DevCatalogRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.hosts=" + REDIS.uri() + "\n"
                            + "quarkus.redis.devservices.enabled=false\n"), "application.properties"));

    static final String PROFILE_42 = "{urn:gcache:user_id:42}#DevProfile";
    static final String POSTS_42 = "{urn:gcache:user_id:42}?page=2#DevPosts";
    static final String ESCAPED = "{urn:gcache:user_id:a%20b%23c}#DevProfile";
    static final String STALE = "{urn:gcache:user_id:7}#DevProfile";
    static final String ITEM_9 = "urn:gcache:item_id:9#DevItem";

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

    private JsonNode executeJsonRPCMethod(String method) throws Exception {
        return executeJsonRPCMethod(method, Map.of());
    }

    private JsonNode executeJsonRPCMethod(String method, Map<String, ?> params) throws Exception {
        if (rpc == null) {
            rpc = new DevUiJsonRpc(ConfigProvider.getConfig().getValue("test.url", String.class), "quarkus-gcache");
        }
        return rpc.call(method, params);
    }

    /** Empties both layers and writes the known keys to Redis. */
    private void knownKeys() throws Exception {
        executeJsonRPCMethod("resetUseCaseConfig", Map.of("useCase", "DevProfile"));
        executeJsonRPCMethod("flush");
        REDIS.command("FLUSHALL");
        long now = System.currentTimeMillis();
        REDIS.command("SET", PROFILE_42, now + ":{\"id\":\"42\",\"name\":\"user 42\"}", "PX", "3600000");
        REDIS.command("SET", POSTS_42, now + ":[\"42-post-2\"]", "PX", "3600000");
        REDIS.command("SET", ESCAPED, now + ":{\"id\":\"a b#c\"}", "PX", "3600000");
        // created at 1000, invalidated at 2000: stale
        REDIS.command("SET", STALE, "1000:{\"id\":\"7\"}", "PX", "3600000");
        REDIS.command("SET", "{urn:gcache:user_id:7}#watermark", "2000", "PX", "3600000");
        REDIS.command("SET", ITEM_9, now + ":\"item 9\"", "PX", "600000");
        REDIS.command("SET", "someone:else", "not ours");
        REDIS.command("HSET", "urn:gcache:config", "quarkus.gcache.enabled", "true");
    }

    /**
     * One test, as {@code QuarkusDevModeTest} starts the application anew for each: every step starts from the known
     * keys.
     */
    @Test
    void everyJsonRpcMethodAgainstRedis() throws Exception {
        // STEP 1
        knownKeys();
        useCasesShowTheBuildsFactsTheEffectiveSettingsAndTheCounters();
        // STEP 2
        knownKeys();
        theRedisKeysAreListedWithTheirStateAndPreview();
        // STEP 3
        knownKeys();
        filtersByKeyTypeIdAndUseCase();
        // STEP 4
        knownKeys();
        localEntriesShowTtlLeftAgeSizeAndTheirJson();
        // STEP 5
        knownKeys();
        pagesFollowTheCursorUntilTheEnd();
        // STEP 6
        knownKeys();
        deleteAnEntryFromOneLayer();
        // STEP 7
        knownKeys();
        invalidatingAnEntityMakesItsEntriesStaleAndDropsThemFromLocal();
        // STEP 8
        knownKeys();
        rampAndTtlSetAtRunTimeShowOnTheUseCasesPageAndApply();
        // STEP 9
        knownKeys();
        flushEmptiesBothLayersOfGCachesKeysOnly();
    }

    private void useCasesShowTheBuildsFactsTheEffectiveSettingsAndTheCounters() throws Exception {
        // the counters add up over the tests: compare with what they said before
        JsonNode before = byField(executeJsonRPCMethod("getUseCases"), "useCase", "DevProfile");
        String id = "u" + System.nanoTime();
        get("/catalog/profile?id=" + id);
        get("/catalog/profile?id=" + id);
        JsonNode useCases = executeJsonRPCMethod("getUseCases");
        assertThat(useCases).hasSize(3);
        JsonNode profile = byField(useCases, "useCase", "DevProfile");
        assertThat(profile.get("method").asText()).contains("profile(");
        assertThat(profile.get("keyType").asText()).isEqualTo("user_id");
        assertThat(profile.get("idSource").asText()).isEqualTo("id");
        assertThat(profile.get("tracked").asBoolean()).isTrue();
        assertThat(profile.at("/local/ttl").asText()).isEqualTo("1m");
        assertThat(profile.at("/local/ramp").asInt()).isEqualTo(100);
        assertThat(profile.at("/remote/ttl").asText()).isEqualTo("1h");
        assertThat(profile.at("/remote/configured").asBoolean()).isTrue();
        for (String counter : List.of("/local/requests", "/local/hits", "/local/misses", "/remote/requests",
                "/remote/hits", "/remote/misses")) {
            long delta = profile.at(counter).asLong() - before.at(counter).asLong();
            long expected = switch (counter) {
                case "/local/requests" -> 2;
                case "/remote/hits" -> 0;
                default -> 1;
            };
            assertThat(delta).as(counter).isEqualTo(expected);
        }
        assertThat(profile.get("hitRatio").asDouble()).isBetween(0.0, 1.0);

        JsonNode posts = byField(useCases, "useCase", "DevPosts");
        assertThat(posts.get("args").get(0).asText()).isEqualTo("page");
        JsonNode item = byField(useCases, "useCase", "DevItem");
        assertThat(item.get("tracked").asBoolean()).isFalse();
        assertThat(item.at("/local/ttl").asText()).isEqualTo("30s");
        assertThat(item.at("/local/ramp").asInt()).isEqualTo(50);
        assertThat(item.at("/remote/ttl").asText()).isEqualTo("10m");
        assertThat(profile.at("/shadow/on").asBoolean()).isFalse();
        assertThat(profile.at("/shadow/matchRatio").asText()).as("no check: no ratio").isIn("", "null");

        // shadow validation of DevItem (shadowRamp 100): a REMOTE hit of the known "item 9" is checked, and matches
        long matchesBefore = item.at("/shadow/outcomes/match").asLong();
        assertThat(item.at("/shadow/ramp").asInt()).isEqualTo(100);
        get("/catalog/item?id=9"); // LOCAL is empty: REMOTE answers
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> byField(
                executeJsonRPCMethod("getUseCases"), "useCase", "DevItem").at("/shadow/outcomes/match").asLong()
                > matchesBefore);
        JsonNode checked = byField(executeJsonRPCMethod("getUseCases"), "useCase", "DevItem");
        assertThat(checked.at("/shadow/matchRatio").asDouble()).isEqualTo(1.0);
        assertThat(checked.at("/shadow/mismatches").asLong()).isZero();
        assertThat(checked.at("/shadow/medianMismatchAgeSeconds").asText()).as("no mismatch: no age").isIn("", "null");
    }

    private void rampAndTtlSetAtRunTimeShowOnTheUseCasesPageAndApply() throws Exception {
        // STEP 1: set LOCAL ttl and ramp of DevProfile
        JsonNode changed = executeJsonRPCMethod("setUseCaseConfig",
                Map.of("useCase", "DevProfile", "layer", "LOCAL", "ttl", "5s", "ramp", "0"));
        assertThat(changed.at("/local/ttl").asText()).isEqualTo("5s");
        assertThat(changed.at("/local/ramp").asInt()).isZero();
        assertThat(changed.at("/local/overridden").asBoolean()).isTrue();
        JsonNode profile = byField(executeJsonRPCMethod("getUseCases"), "useCase", "DevProfile");
        assertThat(profile.at("/local/ttl").asText()).isEqualTo("5s");
        assertThat(profile.at("/local/on").asBoolean()).isFalse();
        assertThat(profile.at("/remote/ttl").asText()).isEqualTo("1h");

        // STEP 2: ramp 0 keeps LOCAL out of the calls
        get("/catalog/profile?id=r1");
        assertThat(keys("LOCAL", "", "r1", "")).isEmpty();

        // STEP 3: a bad ramp is refused and changes nothing
        boolean refused;
        try {
            JsonNode bad = executeJsonRPCMethod("setUseCaseConfig",
                    Map.of("useCase", "DevProfile", "layer", "REMOTE", "ttl", "", "ramp", "101"));
            refused = bad == null || bad.has("error") || bad.toString().contains("101");
        } catch (Exception e) {
            refused = true;
        }
        assertThat(refused).isTrue();
        assertThat(byField(executeJsonRPCMethod("getUseCases"), "useCase", "DevProfile").at("/remote/ramp").asInt())
                .isEqualTo(100);

        // STEP 4: reset: the annotation applies again
        JsonNode reset = executeJsonRPCMethod("resetUseCaseConfig", Map.of("useCase", "DevProfile"));
        assertThat(reset.at("/local/ttl").asText()).isEqualTo("1m");
        assertThat(reset.at("/local/ramp").asInt()).isEqualTo(100);
        assertThat(reset.at("/local/overridden").asBoolean()).isFalse();
    }

    private void theRedisKeysAreListedWithTheirStateAndPreview() throws Exception {
        List<JsonNode> entries = keys("REMOTE", "", "", "");
        assertThat(entries).extracting(e -> e.get("urn").asText())
                .containsExactlyInAnyOrder(PROFILE_42, POSTS_42, ESCAPED, STALE, ITEM_9);
        JsonNode escaped = byUrn(entries, ESCAPED);
        assertThat(escaped.get("id").asText()).isEqualTo("a b#c");
        assertThat(escaped.get("keyType").asText()).isEqualTo("user_id");
        assertThat(escaped.get("useCase").asText()).isEqualTo("DevProfile");
        assertThat(escaped.get("state").asText()).isEqualTo("fresh");
        assertThat(escaped.get("preview").asText()).isEqualTo("{\"id\":\"a b#c\"}");
        assertThat(byUrn(entries, STALE).get("state").asText()).isEqualTo("stale");
        JsonNode profile = byUrn(entries, PROFILE_42);
        assertThat(profile.get("layer").asText()).isEqualTo("REMOTE");
        assertThat(profile.get("ttlLeftMillis").asLong()).isBetween(3_500_000L, 3_600_000L);
        assertThat(profile.get("ageMillis").asLong()).isBetween(0L, 60_000L);
        assertThat(profile.get("size").asLong()).isEqualTo(REDIS.command("GET", PROFILE_42).toString().length());
        JsonNode item = byUrn(entries, ITEM_9);
        assertThat(item.get("tracked").asBoolean()).isFalse();
        assertThat(item.get("id").asText()).isEqualTo("9");
    }

    private void filtersByKeyTypeIdAndUseCase() throws Exception {
        assertThat(keys("REMOTE", "", "a b#c", "")).extracting(e -> e.get("urn").asText()).containsExactly(ESCAPED);
        assertThat(keys("REMOTE", "", "42", "")).extracting(e -> e.get("urn").asText())
                .containsExactlyInAnyOrder(PROFILE_42, POSTS_42);
        assertThat(keys("REMOTE", "item_id", "", "")).extracting(e -> e.get("urn").asText()).containsExactly(ITEM_9);
        assertThat(keys("REMOTE", "", "", "DevPosts")).extracting(e -> e.get("urn").asText()).containsExactly(POSTS_42);
        assertThat(keys("REMOTE", "user_id", "4", "")).isEmpty(); // an id is matched whole, not as a prefix
    }

    private void pagesFollowTheCursorUntilTheEnd() throws Exception {
        for (int i = 0; i < 30; i++) {
            REDIS.command("SET", "{urn:gcache:user_id:p" + i + "}#DevProfile", System.currentTimeMillis() + ":{}");
        }
        get("/catalog/profile?id=local1");
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = executeJsonRPCMethod("getKeys", Map.of("layer", "", "keyType", "", "id", "", "useCase", "",
                    "cursor", cursor, "pageSize", 4));
            page.get("entries").forEach(e -> seen.add(e.get("layer").asText() + " " + e.get("urn").asText()));
            cursor = cursorOf(page);
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(pages).isGreaterThan(3);
        assertThat(seen).doesNotHaveDuplicates()
                .hasSize(37) // 36 in Redis (local1 was written there too) and 1 in LOCAL
                .contains("LOCAL {urn:gcache:user_id:local1}#DevProfile", "REMOTE {urn:gcache:user_id:local1}#DevProfile",
                        "REMOTE " + STALE);
    }

    private void localEntriesShowTtlLeftAgeSizeAndTheirJson() throws Exception {
        get("/catalog/posts?id=a%20b&page=3");
        List<JsonNode> local = keys("LOCAL", "", "", "");
        assertThat(local).hasSize(1);
        JsonNode e = local.get(0);
        assertThat(e.get("urn").asText()).isEqualTo("{urn:gcache:user_id:a%20b}?page=3#DevPosts");
        assertThat(e.get("id").asText()).isEqualTo("a b");
        assertThat(e.get("layer").asText()).isEqualTo("LOCAL");
        assertThat(e.get("state").asText()).isEqualTo("fresh");
        assertThat(e.get("preview").asText()).isEqualTo("[\"a b-post-3\"]");
        assertThat(e.get("size").asLong()).isEqualTo(e.get("preview").asText().length());
        assertThat(e.get("ttlLeftMillis").asLong()).isBetween(1L, 60_000L);
        assertThat(e.get("ageMillis").asLong()).isBetween(0L, 60_000L);
    }

    private void deleteAnEntryFromOneLayer() throws Exception {
        get("/catalog/profile?id=d1");
        String urn = "{urn:gcache:user_id:d1}#DevProfile";
        assertThat(REDIS.command("EXISTS", urn)).isEqualTo(1L);

        assertThat(executeJsonRPCMethod("deleteEntry", Map.of("urn", urn, "layer", "LOCAL")).asInt()).isEqualTo(1);
        assertThat(keys("LOCAL", "", "d1", "")).isEmpty();
        assertThat(REDIS.command("EXISTS", urn)).isEqualTo(1L);

        assertThat(executeJsonRPCMethod("deleteEntry", Map.of("urn", ESCAPED, "layer", "REMOTE")).asInt()).isEqualTo(1);
        assertThat(REDIS.command("EXISTS", ESCAPED)).isEqualTo(0L);
        assertThat(REDIS.command("EXISTS", PROFILE_42)).isEqualTo(1L);
    }

    private void invalidatingAnEntityMakesItsEntriesStaleAndDropsThemFromLocal() throws Exception {
        get("/catalog/profile?id=42"); // a REMOTE hit, now in LOCAL too
        assertThat(keys("LOCAL", "", "42", "")).hasSize(1);

        executeJsonRPCMethod("invalidate", Map.of("keyType", "user_id", "id", "42"));

        assertThat(keys("LOCAL", "", "42", "")).isEmpty();
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:42}#watermark")).isEqualTo(1L);
        List<JsonNode> remote = keys("REMOTE", "", "42", "");
        assertThat(remote).extracting(e -> e.get("state").asText()).containsOnly("stale").hasSize(2);
        assertThat(byUrn(keys("REMOTE", "", "", ""), ESCAPED).get("state").asText()).isEqualTo("fresh");
    }

    private void flushEmptiesBothLayersOfGCachesKeysOnly() throws Exception {
        get("/catalog/item?id=f1");
        assertThat(executeJsonRPCMethod("flush").asLong()).isGreaterThanOrEqualTo(6); // the entries, not the watermark
        assertThat(keys("", "", "", "")).isEmpty();
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:7}#watermark")).as("a flush keeps watermarks")
                .isEqualTo("2000");
        assertThat(REDIS.command("GET", "someone:else")).isEqualTo("not ours");
    }

    private List<JsonNode> keys(String layer, String keyType, String id, String useCase) throws Exception {
        Map<String, Object> params = new HashMap<>();
        params.put("layer", layer);
        params.put("keyType", keyType);
        params.put("id", id);
        params.put("useCase", useCase);
        params.put("cursor", "");
        params.put("pageSize", 1000);
        JsonNode page = executeJsonRPCMethod("getKeys", params);
        List<JsonNode> out = new ArrayList<>();
        page.get("entries").forEach(out::add);
        assertThat(cursorOf(page)).as("one page holds them all").isNull();
        return out;
    }

    /** The cursor of the next page, or {@code null} at the end (the Dev UI leaves null fields out). */
    private static String cursorOf(JsonNode page) {
        JsonNode cursor = page.get("cursor");
        return cursor == null || cursor.isNull() ? null : cursor.asText();
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static JsonNode byUrn(List<JsonNode> entries, String urn) {
        return entries.stream().filter(e -> e.get("urn").asText().equals(urn)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + urn + " in " + entries));
    }

    static String get(String path) throws Exception {
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }
}
