package io.quarkiverse.gcache.runtime.config;

import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.DefaultValuesConfigSource;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SysPropConfigSource;

/**
 * Tells the application's static configuration from its dynamic configuration (SPEC §14). A value GCache cannot read
 * fails the start when it comes from a static source, and switches the layer off ({@code config_error}) when it comes
 * from a dynamic one.
 * <p>
 * The rule, by the source's class: <b>static</b> are the sources Quarkus builds from the deployed files and the
 * process, fixed for the life of the process: system properties ({@link SysPropConfigSource}), environment variables
 * and {@code .env} ({@link EnvConfigSource}), {@code application.properties}, {@code microprofile-config.properties}
 * and the {@code quarkus.config.locations} files ({@link PropertiesConfigSource}), {@code application.yaml}, test
 * overrides and defaults. <b>Dynamic</b> is every other source: GCache's Redis hash ({@link RedisConfigSource}) and
 * any source an application or extension adds (a feature-flag service, Consul, ...): GCache cannot know such a source
 * is fixed, and a value there may be changed while the application runs, so a mistake in it must not stop a restart.
 * The ordinal and the name are not used: both are free for any source to choose (the Redis hash sits at 275, between
 * {@code application.properties} and the environment).
 */
final class StaticConfigSources {

    /** Static sources of libraries GCache does not depend on, by class name. */
    private static final Set<String> STATIC_CLASS_NAMES = Set.of(
            "io.smallrye.config.source.yaml.YamlConfigSource",
            "io.quarkus.runtime.configuration.RuntimeOverrideConfigSource");

    private StaticConfigSources() {
    }

    static boolean isStatic(ConfigSource source) {
        return source instanceof SysPropConfigSource || source instanceof EnvConfigSource
                || source instanceof PropertiesConfigSource || source instanceof DefaultValuesConfigSource
                || STATIC_CLASS_NAMES.contains(source.getClass().getName());
    }
}
