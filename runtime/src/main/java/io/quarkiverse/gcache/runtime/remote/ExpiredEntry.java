package io.quarkiverse.gcache.runtime.remote;

/**
 * A REMOTE entry a read found older than the TTL in force, but neither fenced by a watermark nor malformed: the bytes
 * a call of a use case with stale-on-error keeps while its method runs (SPEC §13). Decoded only if it is returned.
 *
 * @param entry the stored bytes, envelope included
 * @param separator the position of the envelope's colon: the payload follows it
 * @param createdAt the entry's creation time, epoch ms on the Redis clock
 * @param readAt the Redis clock when it was read (epoch ms)
 */
public record ExpiredEntry(byte[] entry, int separator, long createdAt, long readAt) {
}
