package io.quarkiverse.gcache.test.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import io.vertx.ext.web.Router;

/**
 * {@code GCache} injected where applications start things: a {@code @Startup} bean that warms the cache, an observer
 * of {@code StartupEvent}, and a {@code Router} observer, in a Quarkus REST application.
 */
class GCacheAtStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, ProfileResource.class, Warmup.class,
                    StartupObserver.class, Routes.class));

    @Inject
    StartupObserver observer;

    @Test
    void theStartupBeanWarmedTheCache() {
        // Warmup filled the entry: the resource's first call is a hit.
        RestAssured.get("/profiles/1").then().statusCode(200).body(equalTo("profile-1-1"));
    }

    @Test
    void theStartupObserverRan() {
        assertThat(observer.sawScope()).isTrue();
    }

    @Test
    void theRouterObserverRouteWorks() {
        RestAssured.get("/enabled").then().statusCode(200).body(equalTo("true"));
    }

    @Startup
    @ApplicationScoped
    public static class Warmup {

        @Inject
        GCache gcache;

        @Inject
        Profiles profiles;

        @PostConstruct
        void warm() {
            try (GCacheScope scope = gcache.enable()) {
                profiles.profile("1");
            }
        }
    }

    @ApplicationScoped
    public static class StartupObserver {

        private volatile boolean sawScope;

        void onStart(@Observes StartupEvent event, GCache gcache) {
            try (GCacheScope scope = gcache.enable()) {
                sawScope = gcache.isEnabled();
            }
        }

        public boolean sawScope() {
            return sawScope;
        }
    }

    @ApplicationScoped
    public static class Routes {

        @Inject
        GCache gcache;

        void routes(@Observes Router router) {
            router.get("/enabled").handler(ctx -> {
                try (GCacheScope scope = gcache.enable()) {
                    ctx.response().end(String.valueOf(gcache.isEnabled()));
                }
            });
        }
    }
}
