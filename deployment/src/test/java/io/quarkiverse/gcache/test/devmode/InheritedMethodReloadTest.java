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
 * Dev mode: a bean that inherits a cached method is cached under its own use case; an edit that overrides the method
 * (without {@code @GCached}, calling {@code super}) reloads into an uncached override whose super call runs the base
 * body; an edit that makes the override {@code @GCached} caches it again.
 */
class InheritedMethodReloadTest {

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClasses(ReloadedBaseGreeter.class, ReloadedSubGreeter.class,
                    ReloadedSubRoutes.class)
                    .addAsResource(new StringAsset("quarkus.redis.devservices.enabled=false\n"),
                            "application.properties"));

    @Test
    void editsOfTheSubclassAreWovenAfterTheReload() throws Exception {
        assertThat(get("/sub?id=7")).isEqualTo("hello 7 #1");
        assertThat(get("/sub?id=7")).isEqualTo("hello 7 #1");

        TEST.modifySourceFile(ReloadedSubGreeter.class, source -> source.replace("// OVERRIDE",
                "@Override public String greet(String id) { return \"sub \" + super.greet(id); }"));
        // an override without @GCached: not cached, its super call runs the base body each time
        assertThat(get("/sub?id=7")).isEqualTo("sub hello 7 #1");
        assertThat(get("/sub?id=7")).isEqualTo("sub hello 7 #2");

        TEST.modifySourceFile(ReloadedSubGreeter.class, source -> source.replace("@Override public String greet(String id)",
                "@Override @io.quarkiverse.gcache.GCached(keyType = \"user_id\", local = @io.quarkiverse.gcache.GCached.Layer(ttl = \"1h\"))"
                        + " public String greet(@io.quarkiverse.gcache.GCacheId String id)"));
        assertThat(get("/sub?id=7")).isEqualTo("sub hello 7 #1");
        assertThat(get("/sub?id=7")).isEqualTo("sub hello 7 #1");
    }

    private static String get(String path) throws Exception {
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
