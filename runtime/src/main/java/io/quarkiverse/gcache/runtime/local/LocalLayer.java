package io.quarkiverse.gcache.runtime.local;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkiverse.gcache.runtime.key.LocalKey;

/**
 * The LOCAL layer of one use case: a Caffeine cache bounded by {@code quarkus.gcache.local.max-size}, whose
 * entries each live for the TTL that was in force when they were written, so a TTL change applies to new
 * entries without rebuilding the cache. Keys are id strings (no key arguments) or {@link LocalKey}s.
 */
public final class LocalLayer {

    private final Cache<Object, LocalEntry> cache;
    private final boolean hasArguments;

    public LocalLayer(long maxSize, boolean hasArguments) {
        this.hasArguments = hasArguments;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfter(new PerEntryTtl())
                .build();
    }

    public LocalEntry get(Object key) {
        return cache.getIfPresent(key);
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

    public void clear() {
        cache.invalidateAll();
    }

    /** A live view of the entries, for the Dev UI and for deleting one entry by its key strings. */
    public Map<Object, LocalEntry> entries() {
        return cache.asMap();
    }

    /** How long the entry under {@code key} still lives, in milliseconds, or -1 when it is gone (for the Dev UI). */
    public long expiresInMillis(Object key) {
        return cache.policy().expireVariably()
                .flatMap(p -> p.getExpiresAfter(key, TimeUnit.MILLISECONDS).stream().boxed().findFirst())
                .orElse(-1L);
    }

    private static final class PerEntryTtl implements Expiry<Object, LocalEntry> {
        @Override
        public long expireAfterCreate(Object key, LocalEntry entry, long currentTime) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(Object key, LocalEntry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterRead(Object key, LocalEntry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
