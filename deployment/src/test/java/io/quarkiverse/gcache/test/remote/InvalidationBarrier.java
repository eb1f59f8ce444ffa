package io.quarkiverse.gcache.test.remote;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;

/**
 * Waits until this process has handled every message published on the invalidation channel so far, including the
 * one its own {@code invalidate} published: the process hears that too, and it drops the entity's LOCAL entries
 * once more when it arrives, which would take away a refill a test made just after the invalidation. Messages are
 * handled in order, so once a marker published now has dropped its LOCAL entry, the earlier ones were handled.
 */
@ApplicationScoped
public class InvalidationBarrier {

    static final AtomicInteger runs = new AtomicInteger();
    static final AtomicInteger markers = new AtomicInteger();

    @GCached(keyType = "barrier_id", useCase = "InvalidationBarrier", local = @GCached.Layer(ttl = "1h"))
    public int marker(@GCacheId String id) {
        return runs.incrementAndGet();
    }

    static void pass(InvalidationBarrier barrier, GCache gcache, SharedRedis redis) {
        String id = "m" + markers.incrementAndGet();
        int before = runs.get();
        try (GCacheScope scope = gcache.enable()) {
            barrier.marker(id);
        }
        redis.command("PUBLISH", "urn:gcache:invalidations", "barrier_id:" + id);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (GCacheScope scope = gcache.enable()) {
                barrier.marker(id);
            }
            return runs.get() > before + 1;
        });
    }
}
