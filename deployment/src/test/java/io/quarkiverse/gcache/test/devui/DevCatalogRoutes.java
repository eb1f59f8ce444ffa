package io.quarkiverse.gcache.test.devui;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheScope;
import io.vertx.ext.web.Router;

/** {@code GET /catalog/{profile|posts|item}?id=...}: calls a cached method inside an enabled scope. */
@ApplicationScoped
public class DevCatalogRoutes {

    @Inject
    DevCatalog catalog;

    @Inject
    GCache gcache;

    void routes(@Observes Router router) {
        router.get("/catalog/:method").blockingHandler(ctx -> {
            String id = ctx.request().getParam("id");
            Object result;
            try (GCacheScope scope = gcache.enable()) {
                result = switch (ctx.pathParam("method")) {
                    case "profile" -> catalog.profile(id);
                    case "posts" -> catalog.posts(id, Integer.parseInt(ctx.request().getParam("page")));
                    default -> catalog.item(id);
                };
            }
            ctx.response().end(String.valueOf(result));
        });
    }
}
