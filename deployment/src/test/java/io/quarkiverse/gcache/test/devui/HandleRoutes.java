package io.quarkiverse.gcache.test.devui;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.GCached;
import io.vertx.ext.web.Router;

/** {@code GET /handle?id=..&b=..&a=..}: a programmatic use case's call inside an enabled scope. */
@ApplicationScoped
public class HandleRoutes {

    @Inject
    @GCacheUseCase(keyType = "user_id", value = "DevHandle", local = @GCached.Layer(ttl = "60s"))
    GCacheHandle<String> handle;

    @Inject
    GCache gcache;

    void routes(@Observes Router router) {
        router.get("/handle").blockingHandler(ctx -> {
            String id = ctx.request().getParam("id");
            Map<String, String> args = Map.of("b", ctx.request().getParam("b"), "a", ctx.request().getParam("a"));
            String result;
            try (GCacheScope scope = gcache.enable()) {
                result = handle.get(id, args, () -> "value of " + id);
            }
            ctx.response().end(result);
        });
    }
}
