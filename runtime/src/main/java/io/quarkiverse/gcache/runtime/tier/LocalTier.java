package io.quarkiverse.gcache.runtime.tier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.key.LocalKey;

/**
 * The LOCAL tier of one use case: a Caffeine cache bounded by {@code quarkus.gcache.local.max-size}. Each entry
 * carries its own birth time and TTL ({@link LocalEntry}), checked when it is read against the TTL in force now;
 * {@link #sweep()} frees the expired entries nobody reads again. Keys are id strings (no key arguments) or
 * {@link LocalKey}s; a {@code GCacheHandle}'s use case has both (a call without arguments is keyed by its id). Whether a fill may put its value here (generations, future buffers) is
 * {@code Invalidations}' rule, applied by the fill before and after its {@link #put}.
 * <p>
 * Why not Caffeine's own per-entry expiry ({@code expireAfter(Expiry)}): it sends every read through Caffeine's read
 * buffer and timer wheel; a hit cost about 90 ns that way, against under 5 ns for a cache bounded by size only, which
 * keeps Caffeine's fast read path, plus the one clock read (about 30 ns here) a deadline check costs.
 * <p>
 * <b>The entity index.</b> Every process receives every invalidation of the fleet, so dropping an entity must cost
 * what this process holds of it, not what it holds at all. For keys with arguments the layer keeps, per entity id,
 * the keys and the entries put under them. The rules that keep it right without a lock around the cache:
 * <ul>
 * <li>an entry is indexed <em>after</em> it is put, inside the index's per-id {@code compute}, so that an invalidation
 * either finds it in the map it detaches, or detaches the map before the put's {@code compute} and then the fill that
 * put it sees the invalidation's generation moved and removes it (the engine's protocol around {@code put});</li>
 * <li>a put indexes its entry only if the cache still holds it, so of two puts of one key the later one's entry is
the one indexed, whichever order their {@code compute}s run in;</li>
<li>an index record is removed only for the very entry it names ({@code remove(key, entry)}, entries compare by
 * identity): a record never hides a newer entry of the same key;</li>
 * <li>evictions unindex through Caffeine's synchronous eviction listener, removals through this class, and the sweep
 * prunes records whose entry is no longer stored (a removal through {@link #entries()}), so the index never holds
 * more than the cache plus what was removed since the last sweep.</li>
 * </ul>
 * The hit path does not touch the index.
 */
public final class LocalTier {

    /** Entries of one entity removed on the dropping thread (often the Redis event loop); the rest go to a worker. */
    static final int DROP_INLINE = 256;

    private final Cache<Object, LocalEntry> cache;
    private final boolean hasArguments;
    /** Keys with arguments: entity id → its stored keys and entries; guarded by the map's per-id {@code compute}. */
    private final ConcurrentHashMap<String, HashMap<Object, LocalEntry>> byEntity;
    private final Executor worker;
    private final GCacheMetrics metrics;
    private final boolean timed;
    /** How many stored entries the drops of entities have looked at: an observation for tests. */
    private final LongAdder dropWork = new LongAdder();

    public LocalTier(long maxSize, boolean hasArguments) {
        this(maxSize, hasArguments, ForkJoinPool.commonPool(), GCacheMetrics.NONE);
    }

    /**
     * @param worker where the tail of a large entity drop runs
     * @param metrics what {@link #lookup} reports to
     */
    public LocalTier(long maxSize, boolean hasArguments, Executor worker, GCacheMetrics metrics) {
        this.hasArguments = hasArguments;
        this.worker = worker;
        this.metrics = metrics;
        this.timed = metrics.timed();
        if (hasArguments) {
            this.byEntity = new ConcurrentHashMap<>();
            this.cache = Caffeine.newBuilder()
                    .maximumSize(maxSize)
                    .<Object, LocalEntry> evictionListener((key, entry, cause) -> unindex(key, entry))
                    .build();
        } else {
            this.byEntity = null;
            this.cache = Caffeine.newBuilder()
                    .maximumSize(maxSize)
                    .build();
        }
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
            remove(key, entry);
            return null;
        }
        return entry;
    }

    /**
     * {@link #get(Object, long)} for a call of {@code uc}, counted: a LOCAL request, its time, and a miss.
     * Allocation-free.
     */
    public LocalEntry lookup(UseCase uc, Object key, long ttlNowNanos) {
        metrics.request(uc, CacheLayer.LOCAL);
        long start = timed ? System.nanoTime() : 0;
        LocalEntry hit = get(key, ttlNowNanos);
        if (timed) {
            metrics.getTime(uc, CacheLayer.LOCAL, System.nanoTime() - start);
        }
        if (hit == null) {
            metrics.miss(uc, CacheLayer.LOCAL);
        }
        return hit;
    }

    /**
     * The lookup a fill makes once it leads, after the call's own {@link #lookup} missed: a fill that ended meanwhile
     * may have put the value. Its miss is the call's miss, already counted; its hit is counted as a request that did
     * not miss, so that requests minus misses is the number of calls LOCAL served.
     */
    public LocalEntry lookupAgain(UseCase uc, Object key, long ttlNowNanos) {
        LocalEntry hit = get(key, ttlNowNanos);
        if (hit != null) {
            metrics.request(uc, CacheLayer.LOCAL);
        }
        return hit;
    }

    public void put(Object key, LocalEntry entry) {
        cache.put(key, entry);
        if (byEntity != null) {
            byEntity.compute(entityOf(key), (id, held) -> {
                // Two puts of one key (a new fill after an overdue one) may index in the other order than they
                // stored: only the entry the cache holds now is indexed, or the other put's record would hide it
                // from the next drop of the entity. Checked under the id's lock, where the other put indexes too.
                if (cache.policy().getIfPresentQuietly(key) != entry) {
                    return held;
                }
                HashMap<Object, LocalEntry> map = held == null ? new HashMap<>(4) : held;
                map.put(key, entry);
                return map;
            });
        }
    }

    /** The entity id of a key: a {@link LocalKey}'s id, or the id string itself. */
    private static String entityOf(Object key) {
        return key instanceof LocalKey k ? k.id() : (String) key;
    }

    /** Removes {@code entry} if it is still the one under {@code key}. */
    public void remove(Object key, LocalEntry entry) {
        if (cache.asMap().remove(key, entry) && byEntity != null) {
            unindex(key, entry);
        }
    }

    private void unindex(Object key, LocalEntry entry) {
        byEntity.computeIfPresent(entityOf(key), (id, held) -> {
            held.remove(key, entry);
            return held.isEmpty() ? null : held;
        });
    }

    /**
     * Drops every entry of the entity {@code id}: what this process holds of it, found through the index. At most
     * {@link #DROP_INLINE} entries are removed on this thread; a larger entity's rest is removed on the worker.
     */
    public void dropEntity(String id) {
        if (!hasArguments) {
            cache.invalidate(id);
            return;
        }
        HashMap<Object, LocalEntry> held = byEntity.remove(id);
        if (held == null) {
            return;
        }
        Iterator<Map.Entry<Object, LocalEntry>> it = held.entrySet().iterator();
        removeSome(it, DROP_INLINE);
        if (it.hasNext()) {
            worker.execute(() -> removeSome(it, Integer.MAX_VALUE));
        }
    }

    private void removeSome(Iterator<Map.Entry<Object, LocalEntry>> it, int max) {
        int n = 0;
        while (n < max && it.hasNext()) {
            Map.Entry<Object, LocalEntry> e = it.next();
            cache.asMap().remove(e.getKey(), e.getValue()); // the map was detached from the index: nothing to unindex
            n++;
        }
        dropWork.add(n);
    }

    /** Drops the entries of the entity {@code id} whose key {@code matches}. */
    public void dropEntries(String id, Predicate<Object> matches) {
        if (!hasArguments) {
            if (matches.test(id)) {
                cache.invalidate(id);
            }
            return;
        }
        List<Map.Entry<Object, LocalEntry>> found = new ArrayList<>();
        byEntity.computeIfPresent(id, (k, held) -> {
            for (Map.Entry<Object, LocalEntry> e : held.entrySet()) {
                if (matches.test(e.getKey())) {
                    found.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
            return held;
        });
        for (Map.Entry<Object, LocalEntry> e : found) {
            remove(e.getKey(), e.getValue());
        }
    }

    /**
     * Frees the entries expired under their own TTL (a read would drop them too, but some are never read again), and
     * prunes the index of entries no longer stored.
     */
    public void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Object, LocalEntry> e : cache.asMap().entrySet()) {
            if (e.getValue().expired(now)) {
                remove(e.getKey(), e.getValue());
            }
        }
        if (byEntity != null) {
            for (String id : byEntity.keySet()) {
                byEntity.computeIfPresent(id, (k, held) -> {
                    held.entrySet().removeIf(e -> cache.policy().getIfPresentQuietly(e.getKey()) != e.getValue());
                    return held.isEmpty() ? null : held;
                });
            }
        }
    }

    /**
     * Empties the layer. Callers move the use case's invalidation generation first, so that a fill putting an entry
     * meanwhile sees it moved and removes what it put.
     */
    public void clear() {
        cache.invalidateAll();
        if (byEntity != null) {
            byEntity.clear();
        }
    }

    /** How many stored entries the drops of entities have looked at so far. */
    public long dropWork() {
        return dropWork.sum();
    }

    /** How many entries the entity index names (for tests: it never holds much more than the cache). */
    public int indexedEntries() {
        if (byEntity == null) {
            return 0;
        }
        int[] n = { 0 };
        for (String id : byEntity.keySet()) {
            byEntity.computeIfPresent(id, (k, held) -> {
                n[0] += held.size();
                return held;
            });
        }
        return n[0];
    }

    /** Runs Caffeine's pending maintenance (evictions) now: for tests. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /**
     * A live view of the entries, for the Dev UI. It may hold expired entries that were neither read nor swept yet:
     * check {@link LocalEntry#expired(long)}. Remove entries through {@link #remove} or {@link #dropEntries}.
     */
    public Map<Object, LocalEntry> entries() {
        return cache.asMap();
    }
}
