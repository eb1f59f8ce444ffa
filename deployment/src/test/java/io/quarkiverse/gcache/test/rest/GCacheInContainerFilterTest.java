package io.quarkiverse.gcache.test.rest;

import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/** A JAX-RS {@code @Provider} filter that injects {@code GCache}: the application starts and the filter works. */
class GCacheInContainerFilterTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, ProfileResource.class, CacheHeaderFilter.class));

    @Test
    void theFilterSeesTheScopeOfTheResource() {
        RestAssured.get("/profiles/42").then().statusCode(200).body(equalTo("profile-42-1"))
                .header("X-GCache-Enabled", "false");
        RestAssured.get("/profiles/42").then().statusCode(200).body(equalTo("profile-42-1"));
    }

    @Provider
    public static class CacheHeaderFilter implements ContainerResponseFilter {

        @Inject
        GCache gcache;

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            // The response filter runs after the resource's scope closed.
            response.getHeaders().add("X-GCache-Enabled", String.valueOf(gcache.isEnabled()));
        }
    }
}
