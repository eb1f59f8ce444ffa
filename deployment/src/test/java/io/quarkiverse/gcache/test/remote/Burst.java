package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls cached methods from many threads while a fault hits Redis mid-way, and records for every call its latency,
 * whether it threw or returned a wrong value, and whether the method really ran for it.
 * <p>
 * Each thread runs until it made {@code minCallsPerThread} calls and the fault is {@code afterFault} old, so the
 * burst covers the calls in flight when the fault hits, the breaker opening, and a few probes after it.
 */
final class Burst {

    /** One call of a cached method: checks the value it returned and tells whether the method ran for it. */
    interface Call {
        boolean call(int thread, int n) throws Exception;
    }

    private final LongAccumulator worstNanos = new LongAccumulator(Math::max, 0);
    private final LongAccumulator worstAfterFaultNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder calls = new LongAdder();
    private final LongAdder callsBeforeFault = new LongAdder();
    private final LongAdder servedBeforeFault = new LongAdder();
    private final LongAdder callsAfterFault = new LongAdder();
    private final LongAdder servedAfterFault = new LongAdder();
    private final LongAdder slowAfterFault = new LongAdder();
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final Queue<String> slowCalls = new ConcurrentLinkedQueue<>();
    private final long slowNanos;
    private volatile long faultAt;
    private volatile long faultDone;
    private volatile boolean aborted;

    private Burst(Duration slow) {
        this.slowNanos = slow.toNanos();
    }

    /**
     * Runs {@code threads} threads of {@code call}; once {@code callsBeforeFault} calls completed, runs
     * {@code fault} on the calling thread while they go on.
     *
     * @param slow a call started after the fault that takes at least this long counts as having paid the timeout
     */
    static Burst run(int threads, int minCallsPerThread, int callsBeforeFault, Duration afterFault, Duration slow,
            Runnable fault, Call call) throws InterruptedException {
        Burst burst = new Burst(slow);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> burst.work(thread, minCallsPerThread, afterFault.toNanos(), call));
            }
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> burst.calls.sum() >= callsBeforeFault || !burst.errors.isEmpty());
            burst.faultAt = System.nanoTime();
            fault.run();
            burst.faultDone = System.nanoTime();
        } finally {
            burst.aborted = burst.faultDone == 0; // the fault did not happen: stop the threads anyway
            pool.shutdown();
            assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).as("the burst ends").isTrue();
        }
        return burst;
    }

    private void work(int thread, int minCalls, long afterFaultNanos, Call call) {
        for (int n = 0;; n++) {
            long done = faultDone;
            if (aborted || n >= minCalls && done != 0 && System.nanoTime() - done >= afterFaultNanos) {
                return;
            }
            // A call counts as "after the fault" only if the fault was complete when it started.
            boolean afterFault = faultDone != 0;
            boolean beforeFault = faultAt == 0;
            long start = System.nanoTime();
            boolean ran = true;
            try {
                ran = call.call(thread, n);
            } catch (Throwable e) {
                errors.add(e);
            }
            long took = System.nanoTime() - start;
            worstNanos.accumulate(took);
            if (took >= slowNanos) {
                long fault = faultAt;
                slowCalls.add(String.format("thread %d call %d took %d ms, started %s", thread, n, took / 1_000_000,
                        fault == 0 ? "before the fault" : (start - fault) / 1_000_000 + " ms after the fault began"));
            }
            calls.increment();
            if (afterFault) {
                worstAfterFaultNanos.accumulate(took);
                callsAfterFault.increment();
                if (!ran) {
                    servedAfterFault.increment();
                }
                if (took >= slowNanos) {
                    slowAfterFault.increment();
                }
            } else if (beforeFault) {
                callsBeforeFault.increment();
                if (!ran) {
                    servedBeforeFault.increment();
                }
            }
        }
    }

    /** The longest call of the burst. */
    Duration worst() {
        return Duration.ofNanos(worstNanos.get());
    }

    /** Every failure a call threw, and every wrong value (as an {@link AssertionError}). */
    List<Throwable> errors() {
        return new ArrayList<>(errors);
    }

    long calls() {
        return calls.sum();
    }

    long callsBeforeFault() {
        return callsBeforeFault.sum();
    }

    /** Calls made before the fault that the cache served (the method did not run). */
    long servedBeforeFault() {
        return servedBeforeFault.sum();
    }

    long callsAfterFault() {
        return callsAfterFault.sum();
    }

    /** Calls started after the fault that the cache served (the method did not run). */
    long servedAfterFault() {
        return servedAfterFault.sum();
    }

    /** Calls started after the fault that took at least {@code slow}: they waited for Redis. */
    long slowAfterFault() {
        return slowAfterFault.sum();
    }

    /** Every call that took at least {@code slow}, described. */
    List<String> slowCalls() {
        return new ArrayList<>(slowCalls);
    }

    @Override
    public String toString() {
        return String.format("%d calls, worst %d ms (after the fault %d ms); before the fault %d calls, %d served "
                + "by the cache; after it %d calls, %d served by the cache, %d waited >= %d ms; %d errors", calls(),
                worst().toMillis(), Duration.ofNanos(worstAfterFaultNanos.get()).toMillis(), callsBeforeFault(),
                servedBeforeFault(), callsAfterFault(), servedAfterFault(), slowAfterFault(),
                Duration.ofNanos(slowNanos).toMillis(), errors.size());
    }
}
