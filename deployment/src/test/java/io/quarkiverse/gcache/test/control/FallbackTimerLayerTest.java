package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;

/**
 * {@code gcache_fallback_timer}'s {@code layer} is the layer whose miss sent the call to the method: a sync call on an
 * event loop does not read REMOTE (it may not block), so its LOCAL miss is what sent it to the method, even though
 * REMOTE is on for the use case.
 */
class FallbackTimerLayerTest {

    static final SharedRedis REDIS = SharedRedis.get(FallbackTimerLayerTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    private static final String LABELS = "key_type=\"user_id\",layer=\"%s\",use_case=\"FallbackLayers\"";

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Profiles profiles;

    @Inject
    GCache gcache;

    @Inject
    Vertx vertx;

    @Test
    void aCallThatSkippedRemoteIsTimedAgainstTheLocalMiss() throws Exception {
        String before = metrics();
        CompletableFuture<String> onEventLoop = new CompletableFuture<>();
        // STEP 1: an event-loop context of its own; a sync cached call there skips REMOTE (it would block)
        vertx.getOrCreateContext().runOnContext(ignored -> {
            try (GCacheScope scope = gcache.enable()) {
                onEventLoop.complete(profiles.profile("1"));
            } catch (Throwable t) {
                onEventLoop.completeExceptionally(t);
            }
        });
        assertThat(onEventLoop.get(10, TimeUnit.SECONDS)).isEqualTo("profile-1-1");

        // STEP 2: it was a LOCAL miss that ran the method, not a REMOTE one
        String after = metrics();
        System.out.println("fallback timer counts before/after: LOCAL " + count(before, "LOCAL") + " -> "
                + count(after, "LOCAL") + ", REMOTE " + count(before, "REMOTE") + " -> " + count(after, "REMOTE"));
        assertThat(count(after, "LOCAL") - count(before, "LOCAL")).as("fallback timer, layer LOCAL").isEqualTo(1.0);
        assertThat(count(after, "REMOTE") - count(before, "REMOTE")).as("fallback timer, layer REMOTE").isZero();
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double count(String body, String layer) {
        Matcher m = Pattern.compile("(?m)^gcache_fallback_timer_count\\{" + Pattern.quote(LABELS.formatted(layer))
                + "} (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    @ApplicationScoped
    public static class Profiles {
        final AtomicInteger runs = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "FallbackLayers", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + runs.incrementAndGet();
        }
    }
}
