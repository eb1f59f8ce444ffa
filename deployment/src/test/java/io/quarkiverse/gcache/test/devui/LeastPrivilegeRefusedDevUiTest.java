package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

import io.quarkiverse.gcache.test.redis.SecureRedis;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI as an ACL user that may neither {@code SCAN} nor run scripts: what needs them says so at once — the key
 * browser lists LOCAL with a note naming the refusal, invalidate and flush answer with an error naming it — and what
 * does not need them works. No call waits beyond its bound.
 */
class LeastPrivilegeRefusedDevUiTest {

    static final String ACL = "on >s3cret ~urn:gcache:* ~{urn:gcache:* &urn:gcache:* "
            + "+@read +@write +@pubsub +ping +time +info -scan";
    static final SecureRedis REDIS = SecureRedis.get(LeastPrivilegeRefusedDevUiTest.class.getName(),
            Map.of("gcache", ACL));
    static final Duration BOUND = Duration.ofSeconds(20);

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class, DevCatalogRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.hosts=" + REDIS.tlsUri("gcache", "s3cret") + "\n"
                            + "quarkus.redis.tls-configuration-name=gcache-redis\n"
                            + "quarkus.tls.gcache-redis.trust-store.pem.certs=" + REDIS.caCertificate() + "\n"
                            + "quarkus.tls.gcache-redis.hostname-verification-algorithm=HTTPS\n"
                            + "quarkus.redis.devservices.enabled=false\n"
                            + "quarkus.gcache.remote.timeout=5s\n"), "application.properties"));

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

    /** The answer of one Dev UI call, or its error's text; either within {@link #BOUND}. */
    private String answer(String method, Map<String, ?> params) {
        return assertTimeoutPreemptively(BOUND, () -> {
            if (rpc == null) {
                rpc = new DevUiJsonRpc(ConfigProvider.getConfig().getValue("test.url", String.class), "quarkus-gcache");
            }
            try {
                JsonNode result = rpc.call(method, params);
                return result.toString();
            } catch (IllegalStateException e) {
                return "error: " + e.getMessage();
            }
        }, () -> "Dev UI " + method + " " + params + " did not answer within " + BOUND);
    }

    @Test
    void whatTheUserMayNotRunIsNamedAndTheRestWorks() throws Exception {
        GCacheDevUiJsonRpcTest.get("/catalog/profile?id=42");

        assertThat(answer("getUseCases", Map.of())).contains("DevProfile");
        assertThat(answer("getFlights", Map.of())).contains("\"leaders\":0");
        // LOCAL is listed, with its watermark state (a GET); Redis's list needs SCAN: a note names the refusal
        String keys = answer("getKeys", keys(""));
        assertThat(keys).contains("{urn:gcache:user_id:42}#DevProfile").contains("\"layer\":\"LOCAL\"")
                .contains("\"note\":\"Redis failed").contains("NOPERM").contains("scan");
        // the invalidation is a script
        assertThat(answer("invalidate", Map.of("keyType", "user_id", "id", "42"))).startsWith("error:")
                .contains("NOPERM").contains("no watermark was written");
        // the flush finds GCache's keys by SCAN
        assertThat(answer("flush", Map.of())).startsWith("error:").contains("NOPERM")
                .contains("may not all be deleted");
        // a delete is an UNLINK, which the user may run
        assertThat(answer("deleteEntry", Map.of("urn", "{urn:gcache:user_id:42}#DevProfile", "layer", "")))
                .doesNotStartWith("error:");
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
}
