package io.quarkiverse.gcache.runtime.devui;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The properties the Dev UI sets at run time ({@code quarkus.gcache.use-case."X".local.ramp} and the like), above
 * every other config source. Registered in dev mode only; the engine reads it like any other source when its
 * settings are refreshed. One map for the JVM, so what was set survives a live reload.
 */
public final class GCacheDevConfigSource implements ConfigSource {

    /** Above system properties (400), environment (300) and GCache's Redis hash: the Dev UI has the last word. */
    public static final int ORDINAL = 1000;
    public static final String NAME = "GCacheDevUI";

    private static final Map<String, String> PROPERTIES = new ConcurrentHashMap<>();

    public static void set(String name, String value) {
        if (value == null) {
            PROPERTIES.remove(name);
        } else {
            PROPERTIES.put(name, value);
        }
    }

    /** Removes every property whose name starts with {@code prefix}. */
    public static void removeAll(String prefix) {
        PROPERTIES.keySet().removeIf(k -> k.startsWith(prefix));
    }

    public static Map<String, String> snapshot() {
        return Map.copyOf(PROPERTIES);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(PROPERTIES);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(PROPERTIES.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
