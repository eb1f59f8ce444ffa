package io.quarkiverse.gcache.runtime.remote;

/**
 * What one REMOTE read round trip returned: the entry (if any, still encoded), the entity's watermark (tracked use
 * cases) and the Redis server's time when the read ran, all in epoch milliseconds.
 *
 * @param entry the stored bytes, or {@code null}
 * @param watermark the entity's watermark; 0 when the use case is not tracked; {@link #MISSING_WATERMARK} when a
 *        tracked entity has no watermark key (every tracked fill creates one, so only eviction removes it)
 * @param serverTime the Redis clock at the read: the creation time of a value the caller now computes
 * @param watermarkKey the entity's watermark key that was read (tracked use cases), or {@code null}: a write of the
 *        value the caller computes checks it again
 */
public record RemoteRead(byte[] entry, long watermark, long serverTime, String watermarkKey) {

    /**
     * A tracked entity's watermark key is absent. Its entries are stale (SPEC §15, {@code watermark_fenced}): the
     * invalidation it held may have been evicted with it. Lower than any time, so that it blocks no write: the write
     * creates the watermark again.
     */
    public static final long MISSING_WATERMARK = Long.MIN_VALUE;

    /** Whether no value may be written now: the watermark lies in the future (an invalidation's future buffer). */
    public boolean writeBlocked() {
        return watermark > serverTime;
    }

    /**
     * Whether a tracked entry created at {@code createdAt} is stale by its entity's watermark: created at or before it,
     * or the watermark key is missing.
     */
    public boolean fenced(long createdAt) {
        return watermark == MISSING_WATERMARK || createdAt <= watermark;
    }
}
