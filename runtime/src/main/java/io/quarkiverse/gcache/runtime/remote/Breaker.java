package io.quarkiverse.gcache.runtime.remote;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Skips REMOTE after {@code threshold} failures in a row, for {@code openNanos}; then lets one call through as a
 * probe: its success closes the breaker, its failure opens it again. So a Redis outage costs one timeout now and
 * then instead of one per call, and REMOTE comes back by itself when Redis does.
 * <p>
 * A call that draws the probe may never reach Redis (a LOCAL hit, a call that joins another's fill, a {@code Uni}
 * nobody subscribes), so a probe is not waited for: while the breaker is open, one call per {@code openNanos} is let
 * through, and the first of them that reaches Redis decides.
 */
final class Breaker {

    private final int threshold;
    private final long openNanos;
    private final AtomicInteger failures = new AtomicInteger();
    /** While open: when ({@link System#nanoTime()}) the next probe may go. */
    private final AtomicLong nextProbe = new AtomicLong();
    private volatile boolean open;

    Breaker(int threshold, long openNanos) {
        this.threshold = threshold;
        this.openNanos = openNanos;
    }

    /** Whether a call may use REMOTE now. */
    boolean allow() {
        if (!open) {
            return true;
        }
        long at = nextProbe.get();
        long now = System.nanoTime();
        return now - at >= 0 && nextProbe.compareAndSet(at, now + openNanos);
    }

    /**
     * Called on every successful Redis call: it writes only what changes, since a write to these shared fields by every
     * call of every thread bounces their cache line between cores (REMOTE hits under concurrency).
     */
    void success() {
        if (failures.get() != 0) {
            failures.set(0);
        }
        if (open) {
            open = false;
        }
    }

    void failure() {
        if (failures.incrementAndGet() >= threshold || open) {
            nextProbe.set(System.nanoTime() + openNanos);
            open = true;
        }
    }

    boolean isOpen() {
        return open;
    }
}
