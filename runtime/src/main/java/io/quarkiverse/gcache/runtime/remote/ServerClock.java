package io.quarkiverse.gcache.runtime.remote;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Redis server's clock as this process estimates it from {@code TIME} samples, so that a REMOTE read needs no
 * script to learn the time it started at (SPEC §4.7: a value's creation time is when its read started, on the Redis
 * clock). The estimate errs early, never late: an invalidation that lands after a read started sets a watermark at or
 * after the Redis time of that moment, which is at or after the estimate, so the fill is stale as it must be. Late
 * would let a stale fill pass for fresh; early only makes a fill just after an invalidation uncached.
 * <p>
 * A sample is the server's time {@code S} and the local monotonic times before the request went out and after its
 * answer came back: Redis read its clock somewhere in between, so at a later local time {@code t} the server's clock
 * reads at least {@code S + (t - answered)}, less {@link #DRIFT_PPM} of the elapsed time for clocks that do not run
 * at the same rate. A newer sample never moves the estimate back while the older one still lies inside the newer
 * one's window (the older was a valid lower bound, and stays one); one that shows the estimate was ahead of the
 * server (a restart or failover onto a server whose clock is behind, a clock stepped back) replaces it. A sample
 * older than {@link #MAX_AGE_NANOS}, or one forgotten after a failed Redis operation (a restart or failover is
 * usually seen as one), gives no estimate: the reader then asks Redis for the time in the read itself.
 */
final class ServerClock {

    /** No usable estimate: no sample yet, the last one too old, or forgotten. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /** How often a new sample is taken while reads go on (and how long after a failed sample the next is tried). */
    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Past this age a sample is not used: the reads ask Redis for the time until a new one comes. */
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Rate difference allowed between this machine's monotonic clock and the server's (NTP slews at most 500). */
    static final long DRIFT_PPM = 1000;

    /** A usable sample: the server's clock read at least {@code baseMillis} at local monotonic time {@code atNanos}. */
    private record Sample(long baseMillis, long atNanos) {

        long estimate(long nowNanos) {
            long elapsed = nowNanos - atNanos;
            return baseMillis + (elapsed - elapsed / 1_000_000 * DRIFT_PPM) / 1_000_000;
        }
    }

    private final AtomicReference<Sample> sample = new AtomicReference<>();
    /** Local time before which no new sample is started: at most one per {@link #REFRESH_NANOS}. */
    private final AtomicLong nextSampleNanos = new AtomicLong(System.nanoTime());

    /**
     * The server's clock now, in epoch milliseconds, never later than it really is; {@link #UNKNOWN} when there is
     * no usable sample.
     */
    long nowMillis(long nowNanos) {
        Sample s = sample.get();
        if (s == null || nowNanos - s.atNanos > MAX_AGE_NANOS) {
            return UNKNOWN;
        }
        return s.estimate(nowNanos);
    }

    /**
     * Whether the caller should take a sample now (the sample is due, and no other caller was told so within
     * {@link #REFRESH_NANOS}): true for one caller; when its sample fails, the next is tried {@link #REFRESH_NANOS} later.
     */
    boolean sampleDue(long nowNanos) {
        long next = nextSampleNanos.get();
        Sample s = sample.get();
        boolean due = s == null || nowNanos - s.atNanos >= REFRESH_NANOS;
        return due && nowNanos - next >= 0 && nextSampleNanos.compareAndSet(next, nowNanos + REFRESH_NANOS);
    }

    /**
     * Records a sample: the server answered {@code serverMillis} (its {@code TIME}, truncated to the millisecond) to a
     * request sent at local time {@code sentNanos}, answered at {@code answeredNanos} (both {@link System#nanoTime}).
     */
    void record(long serverMillis, long sentNanos, long answeredNanos) {
        long windowMillis = (answeredNanos - sentNanos + 999_999) / 1_000_000;
        sample.updateAndGet(old -> {
            if (old == null || answeredNanos - old.atNanos > MAX_AGE_NANOS) {
                return new Sample(serverMillis, answeredNanos);
            }
            long kept = old.estimate(answeredNanos);
            if (kept > serverMillis + windowMillis + 1) { // + 1: TIME's microseconds were cut off
                return new Sample(serverMillis, answeredNanos); // the old estimate is ahead of this server's clock
            }
            return new Sample(Math.max(kept, serverMillis), answeredNanos);
        });
    }

    /**
     * Drops the estimate after a failed Redis operation: the server may have restarted or failed over to one whose
     * clock is behind. The next read asks Redis for the time, and takes a new sample.
     */
    void forget() {
        sample.set(null);
        nextSampleNanos.set(System.nanoTime());
    }
}
