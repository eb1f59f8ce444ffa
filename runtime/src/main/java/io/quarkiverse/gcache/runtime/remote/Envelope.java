package io.quarkiverse.gcache.runtime.remote;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a value in Redis: the creation time in epoch milliseconds on the Redis clock, a colon, then the
 * payload (JSON unless a {@code GCacheCodec} says otherwise): {@code 1732780800123:{"id":"42",...}}. Readable in
 * redis-cli, and the time is found without decoding the payload.
 */
public final class Envelope {

    private Envelope() {
    }

    public static byte[] wrap(long createdAt, byte[] payload) {
        byte[] time = Long.toString(createdAt).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[time.length + 1 + payload.length];
        System.arraycopy(time, 0, out, 0, time.length);
        out[time.length] = ':';
        System.arraycopy(payload, 0, out, time.length + 1, payload.length);
        return out;
    }

    /** The position of the colon; throws when the bytes were not written by GCache. */
    public static int separator(byte[] entry) {
        int i = 0;
        while (i < entry.length && i < 20 && entry[i] >= '0' && entry[i] <= '9') {
            i++;
        }
        if (i == 0 || i >= entry.length || entry[i] != ':') {
            throw new IllegalArgumentException("not a GCache entry (no '<epoch ms>:' prefix)");
        }
        return i;
    }

    public static long createdAt(byte[] entry, int separator) {
        return Long.parseLong(new String(entry, 0, separator, StandardCharsets.US_ASCII));
    }
}
