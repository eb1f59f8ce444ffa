package io.quarkiverse.gcache.test.devmode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheScope;
import io.vertx.ext.web.Router;

/** {@code GET /sub?id=...}: calls the inherited cached method inside an enabled scope. */
@ApplicationScoped
public class ReloadedSubRoutes {

    @Inject
    ReloadedSubGreeter greeter;

    @Inject
    GCache gcache;

    void routes(@Observes Router router) {
        router.get("/sub").blockingHandler(ctx -> {
            try (GCacheScope scope = gcache.enable()) {
                ctx.response().end(greeter.greet(ctx.request().getParam("id")));
            }
        });
    }
}
