package io.quarkiverse.gcache.runtime.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults GCache sets for the extensions it brings along, at the lowest ordinal so that any setting of the
 * application wins. GCache uses Redis only where the application configured it; it must not be the reason a
 * Redis container is started: quarkus-redis-client's Dev Services are off unless the application turns them on.
 */
public class GCacheDefaultsConfigSource implements ConfigSource {

    private static final Map<String, String> DEFAULTS = Map.of("quarkus.redis.devservices.enabled", "false");

    @Override
    public Map<String, String> getProperties() {
        return DEFAULTS;
    }

    @Override
    public Set<String> getPropertyNames() {
        return DEFAULTS.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return DEFAULTS.get(propertyName);
    }

    @Override
    public String getName() {
        return "GCacheDefaults";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }
}
