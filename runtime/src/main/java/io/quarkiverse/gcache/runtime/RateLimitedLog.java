package io.quarkiverse.gcache.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Logs the cache's own problems at most once per interval for each kind of problem, so that a broken adapter
 * or a Redis outage under load writes a line a minute, not a line a request.
 */
public final class RateLimitedLog {

    private static final Logger LOG = Logger.getLogger("io.quarkiverse.gcache");

    private final long intervalNanos;
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();

    public RateLimitedLog(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs a warning for {@code kind} unless one was logged within the interval. */
    public void warn(String kind, String format, Object... params) {
        if (shouldLog(kind)) {
            LOG.warnf(format, params);
        }
    }

    /** Logs a warning with its cause for {@code kind} unless one was logged within the interval. */
    public void warn(String kind, Throwable cause, String format, Object... params) {
        if (shouldLog(kind)) {
            LOG.warnf(cause, format, params);
        }
    }

    private boolean shouldLog(String kind) {
        long now = System.nanoTime();
        boolean[] granted = { false };
        lastLogged.compute(kind, (k, last) -> {
            if (last == null || now - last >= intervalNanos) {
                granted[0] = true;
                return now;
            }
            return last;
        });
        return granted[0];
    }
}
