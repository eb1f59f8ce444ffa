package io.quarkiverse.gcache.runtime.local;

/**
 * One LOCAL entry: the value (possibly {@code null}), how long it lives (taken from the effective config when
 * it was written) and when its read started. Compared by identity.
 */
public final class LocalEntry {

    private final Object value;
    private final long ttlNanos;
    private final long createdAtMillis;

    public LocalEntry(Object value, long ttlNanos, long createdAtMillis) {
        this.value = value;
        this.ttlNanos = ttlNanos;
        this.createdAtMillis = createdAtMillis;
    }

    public Object value() {
        return value;
    }

    public long ttlNanos() {
        return ttlNanos;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }
}
