package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * SPEC §14 and §8: a programmatic use case has its row on the Dev UI's use cases page (the injection point stands
 * where a method would) and its entries in the key browser, the named arguments sorted in the URN.
 */
class HandleDevUiTest {

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(HandleRoutes.class));

    @Test
    void theHandlesUseCaseHasItsRowAndItsEntries() throws Exception {
        try (DevUiJsonRpc rpc = new DevUiJsonRpc(ConfigProvider.getConfig().getValue("test.url", String.class),
                "quarkus-gcache")) {
            assertThat(GCacheDevUiJsonRpcTest.get("/handle?id=7&b=2&a=1")).isEqualTo("value of 7");
            assertThat(GCacheDevUiJsonRpcTest.get("/handle?id=7&b=2&a=1")).isEqualTo("value of 7");

            JsonNode row = rpc.call("getUseCases", Map.of()).get(0);
            assertThat(row.get("useCase").asText()).isEqualTo("DevHandle");
            assertThat(row.get("method").asText())
                    .isEqualTo("field " + HandleRoutes.class.getName() + ".handle (GCacheHandle<java.lang.String>)");
            assertThat(row.get("keyType").asText()).isEqualTo("user_id");
            assertThat(row.at("/local/ttl").asText()).isEqualTo("1m");
            assertThat(row.at("/local/requests").asLong()).isEqualTo(2);
            assertThat(row.at("/local/hits").asLong()).isEqualTo(1);

            Map<String, Object> params = new HashMap<>();
            params.put("layer", "LOCAL");
            params.put("keyType", "");
            params.put("id", "");
            params.put("useCase", "DevHandle");
            params.put("cursor", "");
            params.put("pageSize", 100);
            JsonNode entries = rpc.call("getKeys", params).get("entries");
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).get("urn").asText()).isEqualTo("{urn:gcache:user_id:7}?a=1&b=2#DevHandle");
            assertThat(entries.get(0).get("preview").asText()).isEqualTo("\"value of 7\"");
        }
    }
}
