package io.quarkiverse.gcache.runtime.tier;

/**
 * One LOCAL entry: the value (possibly {@code null}), how long it lives (taken from the effective config when it
 * was written), when it was put on the {@link System#nanoTime()} clock, and when its read started. Compared by
 * identity.
 * <p>
 * An entry is fresh only while its age is below its own TTL and below the TTL in force now (SPEC §6): an operator
 * who shortens a TTL to stop stale data reaches the entries already stored, and one who lengthens it does not
 * lengthen them. So the entry keeps its birth time rather than a deadline, and the reader passes the TTL it read
 * from the settings snapshot it holds anyway.
 */
public final class LocalEntry {

    private final Object value;
    private final long ttlNanos;
    private final long bornNanos;
    private final long createdAtMillis;

    public LocalEntry(Object value, long ttlNanos, long createdAtMillis) {
        this.value = value;
        this.ttlNanos = ttlNanos;
        this.bornNanos = System.nanoTime();
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

    /** Whether the entry has outlived its own TTL at {@code nowNanos} ({@link System#nanoTime()}). */
    public boolean expired(long nowNanos) {
        return nowNanos - bornNanos >= ttlNanos; // an age, never a sum: no overflow whatever the TTL
    }

    /** Whether the entry has outlived its own TTL or {@code ttlNowNanos}, the TTL in force now. */
    public boolean expired(long nowNanos, long ttlNowNanos) {
        return nowNanos - bornNanos >= Math.min(ttlNanos, ttlNowNanos);
    }

    /** How long the entry still lives at {@code nowNanos} under its own TTL, in milliseconds (0 once expired). */
    public long remainingMillis(long nowNanos) {
        return Math.max(0, ttlNanos - (nowNanos - bornNanos)) / 1_000_000;
    }
}
