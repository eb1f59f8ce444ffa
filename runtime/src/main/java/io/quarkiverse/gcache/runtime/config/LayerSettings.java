package io.quarkiverse.gcache.runtime.config;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The effective TTL and ramp of one layer of one use case, as resolved from configuration and the annotation.
 * Immutable; a refresh swaps in new instances.
 *
 * @param ttlNanos how long a new entry lives; 0 means the layer is off
 * @param ramp the share of requests, 0 to 100, that use the layer
 * @param configError the configuration could not be read: the layer is off and says why
 */
public record LayerSettings(long ttlNanos, int ramp, boolean configError) {

    /** A layer switched off by a configuration that could not be read. */
    public static final LayerSettings CONFIG_ERROR = new LayerSettings(0, 0, true);

    /** Whether the layer is on at all for this use case (it may still be ramped down for one request). */
    public boolean isOn() {
        return ttlNanos > 0 && ramp > 0 && !configError;
    }

    /** One draw of the ramp: whether this request falls inside it. */
    public boolean drawRamp() {
        return ramp >= 100 || ThreadLocalRandom.current().nextInt(100) < ramp;
    }
}
