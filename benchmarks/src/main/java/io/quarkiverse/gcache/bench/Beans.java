package io.quarkiverse.gcache.bench;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.vertx.mutiny.redis.client.Redis;

/** Filled by {@link BenchMain} once Quarkus has started; read by the JMH states. */
public final class Beans {

    public static volatile GCachedService gcached;
    public static volatile QuarkusCacheService quarkusCache;
    public static volatile NoOpService noOp;
    public static volatile GCache gcache;
    public static volatile GCacheEngine engine;
    /** The Redis client GCache uses, or {@code null} without REMOTE. */
    public static volatile Redis redis;
    public static final PlainService plain = new PlainService();

    private Beans() {
    }

    public static void check() {
        if (gcached == null) {
            throw new IllegalStateException("The benchmarks run inside the Quarkus application: start it with run.sh");
        }
    }
}
