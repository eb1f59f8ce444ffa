package io.quarkiverse.gcache.test.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.runtime.devui.GCacheDevConfigSource;
import io.quarkiverse.gcache.runtime.devui.GCacheJsonRPCService;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Outside dev mode (here the test launch mode; a production build is gated the same way, by
 * {@code IsLocalDevelopment}) nothing of the Dev UI exists: no JSON-RPC bean, no run-time config source, no route.
 */
class GCacheDevUiAbsentOutsideDevModeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(DevCatalog.class))
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @Inject
    DevCatalog catalog; // keeps the cached bean in the application

    @Test
    void noJsonRpcBeanNoConfigSourceNoRoute() throws Exception {
        assertThat(Arc.container().instance(GCacheJsonRPCService.class).isAvailable()).isFalse();
        assertThat(ConfigProvider.getConfig().getConfigSources()).extracting(ConfigSource::getName)
                .doesNotContain(GCacheDevConfigSource.NAME);
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        for (String path : new String[] { "/q/dev-ui/", "/q/dev-ui/quarkus-gcache/keys" }) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
    }
}
