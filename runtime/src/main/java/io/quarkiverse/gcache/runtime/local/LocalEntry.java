package io.quarkiverse.gcache.runtime.local;

/**
 * One LOCAL entry: the value (possibly {@code null}), how long it lives (taken from the effective config when
 * it was written, so a TTL change or a provider's per-entity TTL applies to new entries), when it expires on the
 * {@link System#nanoTime()} clock, and when its read started. Compared by identity.
 */
public final class LocalEntry {

    /** Longer TTLs are cut to this, so that a deadline never overflows the nano clock (about 73 years). */
    private static final long MAX_TTL_NANOS = Long.MAX_VALUE / 4;

    private final Object value;
    private final long ttlNanos;
    private final long expiresAtNanos;
    private final long createdAtMillis;

    public LocalEntry(Object value, long ttlNanos, long createdAtMillis) {
        this.value = value;
        this.ttlNanos = ttlNanos;
        this.expiresAtNanos = System.nanoTime() + Math.min(ttlNanos, MAX_TTL_NANOS);
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

    /** Whether the entry has expired at {@code nowNanos} ({@link System#nanoTime()}). */
    public boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    /** How long the entry still lives at {@code nowNanos}, in milliseconds (0 once expired). */
    public long remainingMillis(long nowNanos) {
        return Math.max(0, expiresAtNanos - nowNanos) / 1_000_000;
    }
}
