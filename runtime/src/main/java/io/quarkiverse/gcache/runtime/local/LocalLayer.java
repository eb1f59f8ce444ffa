package io.quarkiverse.gcache.runtime.local;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkiverse.gcache.runtime.key.LocalKey;

/**
 * The LOCAL layer of one use case: a Caffeine cache bounded by {@code quarkus.gcache.local.max-size}. Each entry
 * carries its own birth time and TTL ({@link LocalEntry}), checked when it is read against the TTL in force now;
 * {@link #sweep()} frees the expired entries nobody reads again. Keys are id strings (no key arguments) or {@link LocalKey}s.
 * <p>
 * Why not Caffeine's own per-entry expiry ({@code expireAfter(Expiry)}): it sends every read through Caffeine's read
 * buffer and timer wheel; a hit cost about 90 ns that way, against under 5 ns for a cache bounded by size only, which
 * keeps Caffeine's fast read path, plus the one clock read (about 30 ns here) a deadline check costs.
 */
public final class LocalLayer {

    private final Cache<Object, LocalEntry> cache;
    private final boolean hasArguments;

    public LocalLayer(long maxSize, boolean hasArguments) {
        this.hasArguments = hasArguments;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .build();
    }

    /** The entry under {@code key} if it is still fresh under its own TTL, or {@code null}; an expired one is dropped. */
    public LocalEntry get(Object key) {
        return get(key, Long.MAX_VALUE);
    }

    /**
     * The entry under {@code key} if its age is below its own TTL and below {@code ttlNowNanos}, the TTL in force
     * now; else {@code null}, and an expired entry is dropped. Allocation-free.
     */
    public LocalEntry get(Object key, long ttlNowNanos) {
        LocalEntry entry = cache.getIfPresent(key);
        if (entry != null && entry.expired(System.nanoTime(), ttlNowNanos)) {
            cache.asMap().remove(key, entry);
            return null;
        }
        return entry;
    }

    public void put(Object key, LocalEntry entry) {
        cache.put(key, entry);
    }

    /** Removes {@code entry} if it is still the one under {@code key}. */
    public void remove(Object key, LocalEntry entry) {
        cache.asMap().remove(key, entry);
    }

    /** Drops every entry of the entity {@code id}. */
    public void dropEntity(String id) {
        if (hasArguments) {
            // Entries of one entity differ by arguments; invalidations are rare next to reads, so a scan
            // is cheaper overall than keeping an index up to date on every write.
            cache.asMap().keySet().removeIf(k -> ((LocalKey) k).id().equals(id));
        } else {
            cache.invalidate(id);
        }
    }

    /** Frees the expired entries (a read would drop them too, but some are never read again). */
    public void sweep() {
        long now = System.nanoTime();
        cache.asMap().values().removeIf(entry -> entry.expired(now));
    }

    public void clear() {
        cache.invalidateAll();
    }

    /**
     * A live view of the entries, for the Dev UI and for deleting one entry by its key strings. It may hold expired
     * entries that were neither read nor swept yet: check {@link LocalEntry#expired(long)}.
     */
    public Map<Object, LocalEntry> entries() {
        return cache.asMap();
    }
}
