package io.quarkiverse.gcache.runtime;

import io.quarkiverse.gcache.CacheLayer;

/**
 * The tiers a call uses, as a set of {@link CacheLayer}s packed in an {@code int} (one bit per ordinal), so that the
 * blocking hot path decides and carries it without allocating.
 */
final class Tiers {

    static final int NONE = 0;

    private Tiers() {
    }

    static int of(CacheLayer layer) {
        return 1 << layer.ordinal();
    }

    static boolean has(int tiers, CacheLayer layer) {
        return (tiers & of(layer)) != 0;
    }

    static int without(int tiers, CacheLayer layer) {
        return tiers & ~of(layer);
    }
}
