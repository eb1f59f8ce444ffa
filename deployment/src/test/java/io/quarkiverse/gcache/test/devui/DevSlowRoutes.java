package io.quarkiverse.gcache.test.devui;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.vertx.ext.web.Router;

/**
 * {@code GET /slow/call?id=...}: a cached method that holds every call until {@code GET /slow/release} (at most a
 * minute), so that a dev-mode test sees a fill running with callers waiting behind it.
 */
@ApplicationScoped
public class DevSlowRoutes {

    @Inject
    Slow slow;

    @Inject
    GCache gcache;

    void routes(@Observes Router router) {
        router.get("/slow/call").blockingHandler(ctx -> {
            try (GCacheScope scope = gcache.enable()) {
                ctx.response().end(slow.value(ctx.request().getParam("id")));
            }
        }, false);
        router.get("/slow/release").handler(ctx -> {
            slow.release();
            ctx.response().end("released");
        });
    }

    @ApplicationScoped
    public static class Slow {

        private volatile CountDownLatch release = new CountDownLatch(1);

        void release() {
            release.countDown();
        }

        @GCached(keyType = "user_id", useCase = "DevSlow", local = @GCached.Layer(ttl = "60s"))
        public String value(@GCacheId String id) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow " + id;
        }
    }
}
