package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI's {@code getFlights} (SPEC §11, the Flights page), through the JSON-RPC socket of an application in dev
 * mode: a fill held by its method with callers queued behind it shows as 1 leader, N followers and an age that grows;
 * once it ends, nothing is in flight.
 */
class GCacheDevUiFlightsTest {

    static final int FOLLOWERS = 3;
    static final Duration BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevSlowRoutes.class, DevSlowRoutes.Slow.class)
                    .addAsResource(new StringAsset("quarkus.redis.devservices.enabled=false\n"),
                            "application.properties"));

    @Test
    void aStuckFillShowsAsOneLeaderItsFollowersAndAnAgeThatGrows() throws Exception {
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        HttpClient http = HttpClient.newHttpClient();
        try (DevUiJsonRpc rpc = new DevUiJsonRpc(base, "quarkus-gcache")) {
            // STEP 1: nothing runs yet; every use case is listed
            JsonNode idle = rpc.call("getFlights", Map.of());
            assertThat(idle.get("leaders").asInt()).isZero();
            assertThat(slow(idle).get("leaders").asInt()).isZero();
            assertThat(slow(idle).get("oldestLeaderAge").asText()).isEmpty();

            // STEP 2: one call holds the fill, FOLLOWERS more wait for it
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i <= FOLLOWERS; i++) {
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/slow/call?id=7")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode f = slow(rpc.call("getFlights", Map.of()));
                return f.get("leaders").asInt() == 1 && f.get("followers").asInt() == FOLLOWERS;
            });
            JsonNode first = rpc.call("getFlights", Map.of());
            assertThat(first.get("leaders").asInt()).isEqualTo(1);
            assertThat(first.get("followers").asInt()).isEqualTo(FOLLOWERS);
            assertThat(first.get("takenAt").asText()).isNotEmpty();
            long age = slow(first).get("oldestLeaderAgeMillis").asLong();
            assertThat(slow(first).get("oldestLeaderAge").asText()).isNotEmpty();
            Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> slow(rpc.call("getFlights", Map.of())).get("oldestLeaderAgeMillis").asLong() > age);

            // STEP 3: released, every caller gets the one result and nothing is in flight
            http.send(HttpRequest.newBuilder(URI.create(base + "/slow/release")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS).body()).isEqualTo("slow 7");
            }
            Awaitility.await().atMost(BOUND).until(() -> rpc.call("getFlights", Map.of()).get("leaders").asInt() == 0);
        }
    }

    private static JsonNode slow(JsonNode flights) {
        for (JsonNode u : flights.get("useCases")) {
            if (u.get("useCase").asText().equals("DevSlow")) {
                return u;
            }
        }
        throw new AssertionError("no DevSlow in " + flights);
    }
}
