package io.quarkiverse.gcache.runtime.remote;

import java.nio.charset.StandardCharsets;

/** Redis Cluster's hash slots, to address one master through a key of one of its slots. */
final class ClusterSlots {

    static final int SLOTS = 16384;

    private ClusterSlots() {
    }

    /** The hash slot of a key without a hash tag: CRC16 (XMODEM) of its UTF-8 bytes, modulo 16384. */
    static int slot(String key) {
        int crc = 0;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc % SLOTS;
    }

    /** A key, without a hash tag, whose slot lies in {@code from..to} (inclusive). */
    static String keyInSlots(int from, int to) {
        for (int i = 0; i < 64 * SLOTS; i++) {
            String key = "gcache-route-" + i;
            int slot = slot(key);
            if (slot >= from && slot <= to) {
                return key;
            }
        }
        throw new IllegalStateException("No key found for the slots " + from + ".." + to);
    }
}
