package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's housekeeping thread (a daemon; the flights' deadlines have a timer thread of their own): it re-reads the dynamic configuration every refresh period, and
 * frees the LOCAL entries that expired unread every {@link #SWEEP_PERIOD}.
 */
final class Housekeeping {

    /** How often LOCAL entries that expired unread are freed (a read drops an expired entry at once). */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(10);

    private final RateLimitedLog log;
    private ScheduledExecutorService thread;

    Housekeeping(RateLimitedLog log) {
        this.log = log;
    }

    /**
     * Starts the thread, once: {@code sweep} every {@link #SWEEP_PERIOD}, and {@code refresh} every
     * {@code refreshPeriod} unless it is zero. A refresh that fails is logged; the previous configuration stays.
     */
    synchronized void start(Duration refreshPeriod, Runnable refresh, Runnable sweep) {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gcache-housekeeping");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(sweep, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        if (refreshPeriod.isZero() || refreshPeriod.isNegative()) {
            return;
        }
        thread.scheduleWithFixedDelay(() -> {
            try {
                refresh.run();
            } catch (RuntimeException e) {
                log.warn("refresh", e, "Re-reading GCache's configuration failed; the previous one stays in force");
            }
        }, refreshPeriod.toMillis(), refreshPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }
}
