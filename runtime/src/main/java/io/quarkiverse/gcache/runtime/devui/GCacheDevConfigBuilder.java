package io.quarkiverse.gcache.runtime.devui;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Adds the Dev UI's {@link GCacheDevConfigSource} to the runtime config (dev mode only). */
public final class GCacheDevConfigBuilder implements ConfigBuilder {

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withSources(new GCacheDevConfigSource());
    }
}
