package io.quarkiverse.gcache.runtime.config;

/**
 * The effective settings of one use case: its LOCAL and REMOTE layers, whether its REQUEST_LOCAL layer is on, and
 * whether concurrent calls of one key share a fill.
 */
public record UseCaseSettings(LayerSettings local, LayerSettings remote, boolean requestLocal, boolean coalesce) {

    /** LOCAL and REMOTE only: request-local off, coalescing on (the defaults). */
    public UseCaseSettings(LayerSettings local, LayerSettings remote) {
        this(local, remote, false, true);
    }

    /** The same switches with other LOCAL and REMOTE settings (a {@code GCacheConfigProvider}'s answer for a call). */
    public UseCaseSettings withLayers(LayerSettings local, LayerSettings remote) {
        return new UseCaseSettings(local, remote, requestLocal, coalesce);
    }
}
