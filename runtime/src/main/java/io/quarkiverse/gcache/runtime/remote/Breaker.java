package io.quarkiverse.gcache.runtime.remote;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Skips REMOTE after {@code threshold} failures in a row, for {@code openNanos}; then lets one call through as a
 * probe: its success closes the breaker, its failure opens it again. So a Redis outage costs one timeout now and
 * then instead of one per call, and REMOTE comes back by itself when Redis does.
 */
final class Breaker {

    private final int threshold;
    private final long openNanos;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean open;
    private volatile long openUntil;

    Breaker(int threshold, long openNanos) {
        this.threshold = threshold;
        this.openNanos = openNanos;
    }

    /** Whether a call may use REMOTE now. */
    boolean allow() {
        if (!open) {
            return true;
        }
        return System.nanoTime() - openUntil >= 0 && probing.compareAndSet(false, true);
    }

    void success() {
        failures.set(0);
        open = false;
        probing.set(false);
    }

    void failure() {
        if (failures.incrementAndGet() >= threshold || open) {
            openUntil = System.nanoTime() + openNanos;
            open = true;
            probing.set(false);
        }
    }

    /** The operation ended without an answer either way (cancelled): a probe slot is given back. */
    void abandoned() {
        probing.set(false);
    }

    boolean isOpen() {
        return open;
    }
}
