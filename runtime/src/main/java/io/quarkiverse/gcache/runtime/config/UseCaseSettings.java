package io.quarkiverse.gcache.runtime.config;

/**
 * The effective settings of one use case: its LOCAL and REMOTE layers, whether its REQUEST_LOCAL layer is on,
 * whether concurrent calls of one key share a fill, and its shadow validation.
 */
public record UseCaseSettings(LayerSettings local, LayerSettings remote, boolean requestLocal, boolean coalesce,
        ShadowSettings shadow) {

    /** LOCAL and REMOTE only: request-local off, coalescing on, no shadow validation (the defaults). */
    public UseCaseSettings(LayerSettings local, LayerSettings remote) {
        this(local, remote, false, true, ShadowSettings.OFF);
    }

    /** Request-local and coalescing as given, no shadow validation. */
    public UseCaseSettings(LayerSettings local, LayerSettings remote, boolean requestLocal, boolean coalesce) {
        this(local, remote, requestLocal, coalesce, ShadowSettings.OFF);
    }

    /** LOCAL, REMOTE and shadow validation; request-local off, coalescing on. */
    public UseCaseSettings(LayerSettings local, LayerSettings remote, ShadowSettings shadow) {
        this(local, remote, false, true, shadow);
    }

    /** The same switches with other LOCAL and REMOTE settings (a {@code GCacheConfigProvider}'s answer for a call). */
    public UseCaseSettings withLayers(LayerSettings local, LayerSettings remote) {
        return new UseCaseSettings(local, remote, requestLocal, coalesce, shadow);
    }
}
