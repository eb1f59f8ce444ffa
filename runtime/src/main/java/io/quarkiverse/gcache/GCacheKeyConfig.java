package io.quarkiverse.gcache;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link GCacheConfigProvider} decides for one call: the TTL and ramp of each layer it names. A layer it
 * does not name keeps the configuration from properties and the annotation.
 */
public final class GCacheKeyConfig {

    private final Map<CacheLayer, Layer> layers;

    private GCacheKeyConfig(Map<CacheLayer, Layer> layers) {
        this.layers = layers;
    }

    /** A config that sets nothing; add layers with {@link #with(CacheLayer, Duration, int)}. */
    public static GCacheKeyConfig empty() {
        return new GCacheKeyConfig(new EnumMap<>(CacheLayer.class));
    }

    /**
     * The same config with {@code layer} set: {@code ttl} zero turns it off, {@code ramp} is 0..100.
     *
     * @throws IllegalArgumentException for a layer without a TTL and ramp of its own ({@link CacheLayer#GLOBAL},
     *         {@link CacheLayer#REQUEST_LOCAL}, which is switched per use case only)
     */
    public GCacheKeyConfig with(CacheLayer layer, Duration ttl, int ramp) {
        if (!layer.configurable()) {
            throw new IllegalArgumentException("A GCacheKeyConfig sets the LOCAL and REMOTE layers only, not " + layer);
        }
        EnumMap<CacheLayer, Layer> copy = new EnumMap<>(CacheLayer.class);
        copy.putAll(layers);
        copy.put(layer, new Layer(ttl, ramp));
        return new GCacheKeyConfig(copy);
    }

    /** Both layers off for this call. */
    public static GCacheKeyConfig off() {
        return empty().with(CacheLayer.LOCAL, Duration.ZERO, 0).with(CacheLayer.REMOTE, Duration.ZERO, 0);
    }

    /** What this config says of {@code layer}, if anything. */
    public Optional<Layer> layer(CacheLayer layer) {
        return Optional.ofNullable(layers.get(layer));
    }

    /**
     * One layer's TTL and ramp.
     *
     * @param ttl how long a new entry lives; zero turns the layer off
     * @param ramp the share of requests, 0 to 100, that use the layer
     */
    public record Layer(Duration ttl, int ramp) {
    }
}
