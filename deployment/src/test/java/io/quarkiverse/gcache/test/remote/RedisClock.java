package io.quarkiverse.gcache.test.remote;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;

/** The Redis server's clock, as GCache and the Python GCache read it: {@code TIME} in epoch milliseconds. */
final class RedisClock {

    private RedisClock() {
    }

    static long millis(SharedRedis redis) {
        List<?> time = (List<?>) redis.command("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    /**
     * Waits until a read started now is created past {@code millis}: the Redis clock and GCache's estimate of it (which
     * errs early, by up to its sample's round trip) are both past it. A value is fresh only when created strictly
     * after the watermark, so a read in the very millisecond of an invalidation, or one whose estimated start still
     * lies at or before it, fills an entry that is already stale.
     */
    static void awaitPast(SharedRedis redis, GCacheEngine engine, long millis) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> millis(redis) > millis && engine.remote().startTime() > millis);
    }

    /** The entity's watermark in epoch milliseconds, 0 when there is none. */
    static long watermark(SharedRedis redis, String keyType, String id) {
        Object value = redis.command("GET", "{urn:gcache:" + keyType + ":" + id + "}#watermark");
        return value == null ? 0 : Long.parseLong((String) value);
    }
}
