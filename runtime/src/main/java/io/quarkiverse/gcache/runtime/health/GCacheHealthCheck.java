package io.quarkiverse.gcache.runtime.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkiverse.gcache.runtime.GCacheEngine;

/**
 * The {@code gcache} readiness check (SPEC §14), added when the application has {@code quarkus-smallrye-health}. It is
 * always {@code UP}: the cache fails open, so a Redis outage must not take the application out of its load balancer.
 * Its data tell an operator what the cache is doing: {@code remote} ({@code up}, {@code breaker_open},
 * {@code not_configured}), {@code invalidations} ({@code subscribed}, {@code lost}, {@code not_configured}) and
 * {@code use_cases}, their count (the names are in the Dev UI and the metrics; a probe polled every few seconds stays
 * small). It reads the engine's state only: it sends nothing to Redis.
 */
@Readiness
@ApplicationScoped
public class GCacheHealthCheck implements HealthCheck {

    static final String NAME = "gcache";

    @Inject
    GCacheEngine engine;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).up()
                .withData("remote", remote())
                .withData("invalidations", invalidations())
                .withData("use_cases", engine.useCases().size())
                .build();
    }

    private String remote() {
        if (!engine.hasRemote()) {
            return "not_configured";
        }
        return engine.remote().breakerOpen() ? "breaker_open" : "up";
    }

    private String invalidations() {
        if (!engine.hasRemote()) {
            return "not_configured"; // LOCAL only: there is no channel to lose
        }
        return engine.invalidationsLive() ? "subscribed" : "lost";
    }
}
