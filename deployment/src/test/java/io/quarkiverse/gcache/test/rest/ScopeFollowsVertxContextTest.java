package io.quarkiverse.gcache.test.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.Vertx;

/**
 * The scope follows the request's Vert.x context: code a {@code @GCacheEnabled @Blocking} resource runs through
 * {@code Vertx.currentContext().executeBlocking(...)} (another worker thread, same context) is cached, while the
 * scope is open; after the request, the same context carries no scope.
 */
class ScopeFollowsVertxContextTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, ContextResource.class));

    @Inject
    Profiles profiles;

    @Test
    void executeBlockingInsideAnEnabledBlockingResourceIsCached() {
        int before = profiles.calls();
        String first = RestAssured.get("/ctx/1").then().statusCode(200).extract().asString();
        assertThat(first).endsWith(" enabled=true");
        RestAssured.get("/ctx/1").then().statusCode(200).body(equalTo(first));
        assertThat(profiles.calls() - before).as("the second request is a hit").isEqualTo(1);
    }

    @Test
    void aRequestWithoutScopeRunsUncached() {
        int before = profiles.calls();
        RestAssured.get("/ctx/plain/2").then().statusCode(200).body(endsWith(" enabled=false"));
        RestAssured.get("/ctx/plain/2").then().statusCode(200).body(endsWith(" enabled=false"));
        assertThat(profiles.calls() - before).isEqualTo(2);
    }

    @Path("/ctx")
    public static class ContextResource {

        @Inject
        Profiles profiles;

        @Inject
        GCache gcache;

        @GET
        @Path("/{id}")
        @Blocking
        @GCacheEnabled
        public String enabled(@PathParam("id") String id) throws Exception {
            return onAnotherWorker(id);
        }

        @GET
        @Path("/plain/{id}")
        @Blocking
        public String plain(@PathParam("id") String id) throws Exception {
            return onAnotherWorker(id);
        }

        private String onAnotherWorker(String id) throws Exception {
            Thread resourceThread = Thread.currentThread();
            return Vertx.currentContext().<String> executeBlocking(() -> {
                if (Thread.currentThread() == resourceThread) {
                    throw new IllegalStateException("expected another worker thread");
                }
                return profiles.profile(id) + " enabled=" + gcache.isEnabled();
            }, false).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
