package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
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
 * Issue 13 part 6: the Dev UI's Redis operations follow the engine's rules. With the real redis-server frozen
 * (SIGSTOP), listing REMOTE and deleting an entry answer within {@code remote.timeout} (plus slack for a loaded
 * machine) with a message that says Redis did not answer; once their failures have opened the breaker, they do not
 * wait for Redis at all.
 */
class GCacheDevUiBreakerTest {

    static final SharedRedis REDIS = SharedRedis.get(GCacheDevUiBreakerTest.class.getName());
    /** Long enough that "answered before the timeout" says "did not wait for Redis", even on a loaded machine. */
    static final long REMOTE_TIMEOUT_MS = 3000;
    /** What a loaded machine (two CPUs shared by several builds) may add to an answer. */
    static final long SLACK_MS = 4000;

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class, DevCatalogRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.hosts=" + REDIS.uri() + "\n"
                            + "quarkus.redis.devservices.enabled=false\n"
                            + "quarkus.gcache.remote.timeout=" + REMOTE_TIMEOUT_MS + "ms\n"
                            + "quarkus.gcache.remote.breaker-failures=2\n"
                            // No probe while the test runs: the open breaker stays open.
                            + "quarkus.gcache.remote.breaker-delay=1h\n"
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

    @Test
    void theDevUisRedisOperationsAreBoundedByTheTimeoutAndSkippedByTheOpenBreaker() throws Exception {
        get("/catalog/profile?id=b1");
        String urn = "{urn:gcache:user_id:b1}#DevProfile";
        assertThat(REDIS.command("EXISTS", urn)).isEqualTo(1L);
        rpc = new DevUiJsonRpc(ConfigProvider.getConfig().getValue("test.url", String.class), "quarkus-gcache");

        REDIS.pause();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                // Frozen Redis, breaker closed: each operation waits at most remote.timeout, then says so.
                Timed list = timed(() -> rpc.call("getKeys", keys("REMOTE")).path("note").asText());
                assertThat(list.answer).as("REMOTE list note").contains("Redis did not answer within 3s");
                assertThat(list.millis).as("REMOTE list with Redis frozen, ms").isLessThan(REMOTE_TIMEOUT_MS + SLACK_MS);

                Timed delete = timed(() -> refusal("deleteEntry", Map.of("urn", urn, "layer", "REMOTE")));
                assertThat(delete.answer).as("REMOTE delete refusal").contains("Redis did not answer within 3s")
                        .contains(urn);
                assertThat(delete.millis).as("REMOTE delete with Redis frozen, ms")
                        .isLessThan(REMOTE_TIMEOUT_MS + SLACK_MS);

                // Two failures in a row: the breaker is open, and the Dev UI does not wait for Redis any more.
                Timed skippedList = timed(() -> rpc.call("getKeys", keys("REMOTE")).path("note").asText());
                assertThat(skippedList.answer).as("REMOTE list note, breaker open").contains("breaker is open");
                assertThat(skippedList.millis).as("REMOTE list with the breaker open, ms").isLessThan(REMOTE_TIMEOUT_MS);

                Timed skippedDelete = timed(() -> refusal("deleteEntry", Map.of("urn", urn, "layer", "")));
                assertThat(skippedDelete.answer).as("delete refusal, breaker open").contains("breaker is open")
                        .contains(urn);
                assertThat(skippedDelete.millis).as("delete with the breaker open, ms").isLessThan(REMOTE_TIMEOUT_MS);
            });
        } finally {
            REDIS.resume();
        }
    }

    private record Timed(String answer, long millis) {
    }

    @FunctionalInterface
    private interface Call {
        String run() throws Exception;
    }

    private static Timed timed(Call call) throws Exception {
        long start = System.nanoTime();
        String answer = call.run();
        return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
    }

    /** The error a call answers with ("" when it succeeds). */
    private String refusal(String method, Map<String, ?> params) throws Exception {
        try {
            rpc.call(method, params);
            return "";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static Map<String, Object> keys(String layer) {
        Map<String, Object> params = new HashMap<>();
        params.put("layer", layer);
        params.put("keyType", "");
        params.put("id", "");
        params.put("useCase", "");
        params.put("cursor", "");
        params.put("pageSize", 100);
        return params;
    }

    private static void get(String path) throws Exception {
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    }
}
