package io.quarkiverse.gcache;

/**
 * The layers GCache reads through, in order, and {@link #GLOBAL} for the call as a whole. One name for a layer
 * everywhere: in {@link GCacheKeyConfig} (which sets {@code LOCAL} and {@code REMOTE} only), in the {@code layer}
 * label of the metrics, and in the Dev UI.
 */
public enum CacheLayer {
    /**
     * The memo of one outermost enable scope (a request): on or off per use case, without TTL or ramp, dropped when
     * the scope ends.
     */
    REQUEST_LOCAL,
    /** The in-process Caffeine cache of each use case. */
    LOCAL,
    /** Redis, shared by every process of the application. */
    REMOTE,
    /**
     * Shadow validation's own Redis reads, fills and serialization (SPEC §12), in metrics: kept apart from
     * {@link #REMOTE} so that a sampled check never inflates the serving layer's hit ratio. Not configurable.
     */
    REMOTE_SHADOW,
    /** Not a layer: the whole call (the enable scope, the key, the config), in metrics. */
    GLOBAL;

    /** Whether the layer has a TTL and a ramp of its own, which a {@link GCacheKeyConfig} may set. */
    public boolean configurable() {
        return this == LOCAL || this == REMOTE;
    }
}
