package io.quarkiverse.gcache.runtime.shadow;

import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.GCacheMetrics.StaleOutcome;
import io.quarkiverse.gcache.runtime.RateLimitedLog;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.remote.ExpiredEntry;

/**
 * Stale on error for one use case (SPEC §13). A fill's REMOTE read that finds an entry past its TTL, neither fenced by
 * a watermark nor malformed, and younger than the max-age, keeps its bytes ({@link #keeps}); if the method then fails
 * with an exception the rule accepts, {@link #recover} decodes them and returns the value, when it is still younger
 * than the max-age. The caller's fill never writes a recovered value to REMOTE or LOCAL.
 * <p>
 * The trade-off, by design: the bytes are those of the read, so an invalidation that lands after the read does not
 * revoke them. An invalidation before the read fences the entry, which is then never a candidate.
 */
public final class StaleRecovery {

    /** What {@link #recover} gives when the method's exception must propagate. */
    public static final Object NONE = new Object();

    private final UseCase uc;
    private final StaleOnErrorRule rule;
    private final GCacheMetrics metrics;
    private final RateLimitedLog log;

    public StaleRecovery(UseCase uc, StaleOnErrorRule rule, GCacheMetrics metrics, RateLimitedLog log) {
        this.uc = uc;
        this.rule = rule;
        this.metrics = metrics;
        this.log = log;
    }

    /** How long entries of the use case are kept in Redis: the max-age, if longer than the TTL. */
    public long physicalTtlMillis(long ttlMillis) {
        return Math.max(ttlMillis, rule.maxAgeMillis());
    }

    /** Whether an expired entry is worth keeping while the method runs: younger than the max-age when read. */
    public boolean keeps(ExpiredEntry entry) {
        return entry.readAt() - entry.createdAt() < rule.maxAgeMillis();
    }

    /**
     * The kept value to return instead of {@code failure}, or {@link #NONE}. Counted only when the rule accepts the
     * failure: {@code served} (with the value's age), {@code miss} (nothing kept, or older than the max-age now),
     * {@code deserialization_error}.
     *
     * @param kept the entry the fill's read kept, or {@code null}
     * @param keptAtNanos {@link System#nanoTime()} when it was read
     * @param decoder reads the kept bytes back (the REMOTE tier's codec for the use case)
     */
    public Object recover(Throwable failure, ExpiredEntry kept, long keptAtNanos, KeptDecoder decoder) {
        if (!accepts(failure)) {
            return NONE;
        }
        if (kept == null || ageMillis(kept, keptAtNanos) >= rule.maxAgeMillis()) {
            metrics.staleRecovery(uc, StaleOutcome.MISS, 0);
            return NONE;
        }
        Object value;
        try {
            value = decoder.decode(uc, kept);
        } catch (Exception | LinkageError e) {
            metrics.staleRecovery(uc, StaleOutcome.DESERIALIZATION_ERROR, 0);
            log.warn("stale:" + uc.name(), "Use case %s: the stale value kept for a failed call cannot be read (%s); "
                    + "the method's exception propagates", uc.name(), e.toString());
            return NONE;
        }
        long age = ageMillis(kept, keptAtNanos); // again: decoding took time, and the max-age is a promise
        if (age >= rule.maxAgeMillis()) {
            metrics.staleRecovery(uc, StaleOutcome.MISS, 0);
            return NONE;
        }
        metrics.staleRecovery(uc, StaleOutcome.SERVED, age / 1000.0);
        return value;
    }

    private boolean accepts(Throwable failure) {
        try {
            return rule.accepts(uc.name(), failure);
        } catch (RuntimeException e) {
            log.warn("stale-policy:" + uc.name(), "Use case %s: the GCacheStaleRecoveryPolicy failed (%s); no stale "
                    + "value is returned, the method's exception propagates", uc.name(), e.toString());
            return false;
        }
    }

    /** The entry's age now: its age at the read on the Redis clock, plus the time since on this process's clock. */
    private static long ageMillis(ExpiredEntry kept, long keptAtNanos) {
        return kept.readAt() - kept.createdAt() + (System.nanoTime() - keptAtNanos) / 1_000_000;
    }

    /** Reads a kept entry back into a value: the REMOTE tier's job, handed in so that recovery does not depend on it. */
    @FunctionalInterface
    public interface KeptDecoder {
        Object decode(UseCase uc, ExpiredEntry kept) throws Exception;
    }
}
