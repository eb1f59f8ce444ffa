package io.quarkiverse.gcache;

import java.util.Optional;

/**
 * GCache's hook for feature-flag services: a CDI bean implementing it is asked on every cached call, with that
 * call's key, for the layers' TTL and ramp, so it can decide per entity ("cache only vip- users", "ramp REMOTE to 10%
 * in this region"). It takes precedence over the {@code quarkus.gcache.use-case.*} properties and the annotation.
 * <p>
 * It must be fast: GCache does not cache its answers. Empty means "use the properties". A provider that throws, or
 * answers with a bad value, switches the layer off for that call ({@code reason="config_error"}) and never fails it.
 */
public interface GCacheConfigProvider {

    /** The configuration for this call, or empty to use the properties. */
    Optional<GCacheKeyConfig> config(GCacheKey key);
}
