package io.quarkiverse.gcache.runtime.config;

import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** GCache's configuration fixed when the application is built. */
@ConfigMapping(prefix = "quarkus.gcache")
@ConfigRoot(phase = ConfigPhase.BUILD_AND_RUN_TIME_FIXED)
public interface GCacheBuildTimeConfig {

    /**
     * The REMOTE layer.
     */
    RemoteBuildTimeConfig remote();

    /**
     * The readiness check.
     */
    HealthConfig health();

    /** The readiness check. */
    interface HealthConfig {

        /**
         * Whether GCache adds its readiness check, {@code gcache}, when the application has
         * {@code quarkus-smallrye-health}. The check is always {@code UP} (the cache fails open); its data tell the
         * state of REMOTE, of the invalidation channel and the use cases.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** The REMOTE layer. */
    interface RemoteBuildTimeConfig {

        /**
         * The name of the Quarkus Redis client GCache uses; the default client when not set. REMOTE is on when this
         * client has hosts configured ({@code quarkus.redis.hosts}, or {@code quarkus.redis."name".hosts}); otherwise
         * the application runs on LOCAL alone.
         */
        Optional<String> clientName();
    }
}
