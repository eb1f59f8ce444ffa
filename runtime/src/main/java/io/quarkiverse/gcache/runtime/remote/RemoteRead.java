package io.quarkiverse.gcache.runtime.remote;

/**
 * What one REMOTE read round trip returned: the entry (if any, still encoded), the entity's watermark (tracked use
 * cases) and the Redis server's time when the read ran, all in epoch milliseconds.
 *
 * @param entry the stored bytes, or {@code null}
 * @param watermark the entity's watermark, or 0 when there is none (or the use case is not tracked)
 * @param serverTime the Redis clock at the read: the creation time of a value the caller now computes
 * @param watermarkKey the entity's watermark key that was read (tracked use cases), or {@code null}: a write of the
 *        value the caller computes checks it again
 */
public record RemoteRead(byte[] entry, long watermark, long serverTime, String watermarkKey) {

    /**
     * Whether an entry created at {@code createdAt} is fenced by the entity's watermark this read saw: created at or
     * before it. Asked for tracked use cases only.
     */
    public boolean fenced(long createdAt) {
        return createdAt <= watermark;
    }

    /** Whether no value may be written now: the watermark lies in the future (an invalidation's future buffer). */
    public boolean writeBlocked() {
        return watermark > serverTime;
    }
}
