package io.quarkiverse.gcache.test.rest;

import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/** A {@code @ServerRequestFilter} in a class that injects {@code GCache}: the application starts and caches. */
class GCacheInServerRequestFilterTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, ProfileResource.class, Filters.class));

    @Test
    void theApplicationStartsAndCaches() {
        RestAssured.get("/profiles/7").then().statusCode(200).body(equalTo("profile-7-1"));
        RestAssured.given().header("X-Invalidate", "7").get("/profiles/7").then().statusCode(200)
                .body(equalTo("profile-7-2"));
        RestAssured.get("/profiles/7").then().statusCode(200).body(equalTo("profile-7-2"));
    }

    public static class Filters {

        @Inject
        GCache gcache;

        /** A client that asks for fresh data invalidates the entity first. */
        @ServerRequestFilter
        public void invalidateOnRequest(ContainerRequestContext request) {
            String id = request.getHeaderString("X-Invalidate");
            if (id != null) {
                gcache.invalidate("user_id", id);
            }
        }
    }
}
