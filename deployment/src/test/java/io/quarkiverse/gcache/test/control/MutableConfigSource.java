package io.quarkiverse.gcache.test.control;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A config source a test changes while the application runs, like a feature-flag service would. Its values live in
 * one map published in the system properties, so the test (in whichever class loader it runs) and the application
 * see the same map.
 */
public class MutableConfigSource implements ConfigSource {

    private static final String KEY = MutableConfigSource.class.getName() + ".values";

    /** The live values; put and remove change the application's configuration. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> values() {
        synchronized (System.getProperties()) {
            return (Map<String, String>) System.getProperties().computeIfAbsent(KEY,
                    k -> new ConcurrentHashMap<String, String>());
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(values());
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(values().keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return values().get(propertyName);
    }

    @Override
    public String getName() {
        return "test-mutable";
    }

    @Override
    public int getOrdinal() {
        return 500;
    }
}
