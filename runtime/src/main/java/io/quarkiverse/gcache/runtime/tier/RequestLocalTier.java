package io.quarkiverse.gcache.runtime.tier;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.UseCase;

/**
 * REQUEST_LOCAL (SPEC §10): results memoized inside one outermost enable scope, in its {@link RequestMemo}. No TTL
 * and no ramp: a use case has it on or off; a scope keeps at most {@code quarkus.gcache.request-local.max-size}
 * entries (past that, results are served but not kept). A scope's drops (invalidate, delete, flush called inside
 * it) reach its own memo only: other scopes never see it, and it ends with its scope.
 */
public final class RequestLocalTier {

    /** What {@link #lookup} gives when the memo has no entry (a kept {@code null} is a hit). */
    public static final Object MISS = new Object();
    /** How a {@code null} result is kept (a {@code ConcurrentHashMap} takes no {@code null}). */
    private static final Object NULL = new Object();

    private final int useCases;
    private final int maxSize;
    private final GCacheMetrics metrics;
    private final boolean timed;

    /**
     * @param useCases how many use cases there are (the memo's tables are indexed by {@link UseCase#index()})
     * @param maxSize the most entries one scope keeps
     */
    public RequestLocalTier(int useCases, int maxSize, GCacheMetrics metrics) {
        this.useCases = useCases;
        this.maxSize = maxSize;
        this.metrics = metrics;
        this.timed = metrics.timed();
    }

    /** The call's lookup, counted as a REQUEST_LOCAL request (and miss): the kept value, or {@link #MISS}. */
    public Object lookup(UseCase uc, RequestMemo memo, Object key) {
        metrics.request(uc, CacheLayer.REQUEST_LOCAL);
        long start = timed ? System.nanoTime() : 0;
        Object value = peek(uc, memo, key);
        if (value == MISS) {
            metrics.miss(uc, CacheLayer.REQUEST_LOCAL);
        } else if (timed) {
            metrics.getTime(uc, CacheLayer.REQUEST_LOCAL, System.nanoTime() - start);
        }
        return value;
    }

    /** The kept value or {@link #MISS}, uncounted: a fill that leads looks again, as LOCAL does. */
    public Object peek(UseCase uc, RequestMemo memo, Object key) {
        RequestMemo.Table table = memo.table(uc.index());
        Object value = table == null ? null : table.values.get(key);
        return value == null ? MISS : value == NULL ? null : value;
    }

    /**
     * Keeps a value for the rest of the scope, unless the scope's memo is full or a drop in the scope moved its
     * generation since {@code memoGeneration} (checked before and after the put, as LOCAL does: either the drop
     * removes the entry or the fill sees the move and removes it).
     */
    public void put(UseCase uc, RequestMemo memo, Object key, Object value, long memoGeneration) {
        if (memo.generation() != memoGeneration) {
            return;
        }
        RequestMemo.Table table = memo.tableFor(uc.index(), useCases);
        Object kept = value == null ? NULL : value;
        if (table.values.containsKey(key)) {
            table.values.put(key, kept); // a newer result of the same key: no more room needed
        } else {
            if (memo.size.incrementAndGet() > maxSize) {
                memo.size.decrementAndGet();
                return;
            }
            if (table.values.put(key, kept) != null) {
                memo.size.decrementAndGet(); // another fill put it meanwhile
            }
        }
        if (memo.generation() != memoGeneration && table.values.remove(key, kept)) {
            memo.size.decrementAndGet();
        }
    }

    /** Takes back what {@link #put} kept, if it is still there (a fill that learnt afterwards it was overtaken). */
    public void remove(UseCase uc, RequestMemo memo, Object key, Object value) {
        RequestMemo.Table table = memo.table(uc.index());
        if (table != null && table.values.remove(key, value == null ? NULL : value)) {
            memo.size.decrementAndGet();
        }
    }

    /** The running fills of use case {@code uc} in this scope, by LOCAL key (for the scope's coalescing). */
    public ConcurrentHashMap<Object, CompletableFuture<Object>> flights(UseCase uc, RequestMemo memo) {
        return memo.tableFor(uc.index(), useCases).flights;
    }

    /**
     * Drops the scope's entries of the entity {@code id} in {@code tracked} (an invalidation made in the scope), and
     * forgets the scope's running fills of it, so that a call that comes after reads again.
     */
    public void dropEntity(RequestMemo memo, List<UseCase> tracked, String id) {
        if (memo == null) {
            return;
        }
        memo.moveGeneration();
        for (UseCase uc : tracked) {
            drop(memo, memo.table(uc.index()), key -> id.equals(UseCase.idOf(key)));
        }
    }

    /** Drops the scope's entries of {@code uc} whose key {@code which} accepts (a delete made in the scope). */
    public void dropEntries(RequestMemo memo, UseCase uc, Predicate<Object> which) {
        if (memo == null) {
            return;
        }
        memo.moveGeneration();
        drop(memo, memo.table(uc.index()), which);
    }

    /** Drops everything the scope kept (a flush made in the scope). */
    public void clear(RequestMemo memo) {
        if (memo == null) {
            return;
        }
        memo.moveGeneration();
        for (RequestMemo.Table table : memo.tables()) {
            drop(memo, table, key -> true);
        }
    }

    private static void drop(RequestMemo memo, RequestMemo.Table table, Predicate<Object> which) {
        if (table == null) {
            return;
        }
        table.flights.keySet().removeIf(which);
        for (Object key : table.values.keySet()) {
            if (which.test(key) && table.values.remove(key) != null) {
                memo.size.decrementAndGet();
            }
        }
    }
}
