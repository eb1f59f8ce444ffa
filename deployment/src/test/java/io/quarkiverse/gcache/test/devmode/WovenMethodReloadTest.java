package io.quarkiverse.gcache.test.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * Dev mode: editing a cached method's body reloads the application with the new body woven in, cached as before
 * (the build weaves the method anew and the new call site binds to the new engine).
 */
class WovenMethodReloadTest {

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(ReloadedGreeter.class, ReloadedGreeterRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.devservices.enabled=false\n"),
                            "application.properties"));

    @Test
    void anEditedBodyIsWovenAndCachedAfterTheReload() throws Exception {
        assertThat(get("/greet?id=7")).isEqualTo("hello 7 #1");
        assertThat(get("/greet?id=7")).isEqualTo("hello 7 #1");

        TEST.modifySourceFile(ReloadedGreeter.class, source -> source.replace("\"hello \"", "\"bonjour \""));

        // the reload starts a new application: a new LOCAL layer, and the class's counter starts again
        assertThat(get("/greet?id=7")).isEqualTo("bonjour 7 #1");
        assertThat(get("/greet?id=7")).isEqualTo("bonjour 7 #1");
        assertThat(get("/greet?id=8")).isEqualTo("bonjour 8 #2");
    }

    private static String get(String path) throws Exception {
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
