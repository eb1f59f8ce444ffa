package io.quarkiverse.gcache.runtime.tier;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one outermost enable scope (a request) holds for the {@link RequestLocalTier}: per use case, the results kept
 * so far and the fills running in the scope. Created with the scope's first token and carried with it wherever the
 * scope is carried (nested scopes, {@code Uni}s, managed executors); nothing else refers to it, so it is garbage as
 * soon as the scope and the work it started are done. Empty until a request-local use case is called in the scope:
 * a scope that calls none costs this object alone.
 */
public final class RequestMemo {

    /** One use case's part: results by LOCAL key, and the scope's running fills by LOCAL key. */
    static final class Table {
        final ConcurrentHashMap<Object, Object> values = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Object, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();
    }

    /** By use case index; {@code null} until the scope first keeps something. */
    private volatile Table[] tables;
    /** Entries over all use cases, bounded by {@code quarkus.gcache.request-local.max-size}. */
    final AtomicInteger size = new AtomicInteger();
    /** Moves on every drop in this scope (invalidate, delete, flush): a fill that sees it move keeps nothing. */
    private final AtomicLong generation = new AtomicLong();

    /** The table of use case {@code index}, or {@code null} when the scope has none. */
    Table table(int index) {
        Table[] t = tables;
        return t == null ? null : t[index];
    }

    /** The table of use case {@code index}, created on first use ({@code useCases}: how many there are). */
    Table tableFor(int index, int useCases) {
        Table table = table(index);
        if (table != null) {
            return table;
        }
        synchronized (this) {
            Table[] t = tables;
            if (t == null) {
                t = new Table[useCases];
            }
            if (t[index] == null) {
                Table[] copy = t.clone(); // published whole through the volatile field
                copy[index] = new Table();
                tables = copy;
                return copy[index];
            }
            return t[index];
        }
    }

    /** The tables that exist, for a drop. */
    Table[] tables() {
        Table[] t = tables;
        return t == null ? new Table[0] : t;
    }

    /** The scope's drop count; see {@link #generation}. */
    public long generation() {
        return generation.get();
    }

    void moveGeneration() {
        generation.incrementAndGet();
    }
}
