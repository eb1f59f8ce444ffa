package io.quarkiverse.gcache.deployment;

import io.quarkiverse.gcache.runtime.config.GCacheBuildTimeConfig;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/** Adds GCache's readiness check when the application has quarkus-smallrye-health. */
class GCacheHealthProcessor {

    /** By name: the check implements the MicroProfile Health API, which is not there without the extension. */
    private static final String HEALTH_CHECK = "io.quarkiverse.gcache.runtime.health.GCacheHealthCheck";

    @BuildStep
    HealthBuildItem healthCheck(Capabilities capabilities, GCacheBuildTimeConfig config) {
        if (!capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            return null;
        }
        return new HealthBuildItem(HEALTH_CHECK, config.health().enabled());
    }
}
