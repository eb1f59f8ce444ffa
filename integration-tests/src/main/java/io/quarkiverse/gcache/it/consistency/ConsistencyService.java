package io.quarkiverse.gcache.it.consistency;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/**
 * The history checker's cached reads of one entity type, {@code consistency_id}, all tracked for invalidation. The
 * store read is followed by a short random pause, as a slow query would be, so that writes often land while a fill
 * runs: the race the staleness rule is about.
 */
@ApplicationScoped
public class ConsistencyService {

    /** The key type every use case here is about, and what a write invalidates. */
    public static final String KEY_TYPE = "consistency_id";

    /** Set when the method ran on this thread: the resource tells a REMOTE hit from a method call by it. */
    static final ThreadLocal<Boolean> RAN_HERE = new ThreadLocal<>();

    private final ConsistencyStore store;

    public ConsistencyService(ConsistencyStore store) {
        this.store = store;
    }

    /** LOCAL then REMOTE: held to the propagation bound. */
    @GCached(keyType = KEY_TYPE, useCase = "ConsistencyLocal", local = @GCached.Layer(ttl = "60s"),
            remote = @GCached.Layer(ttl = "10m"))
    public EntitySnapshot local(@GCacheId String id) {
        return slowRead(id);
    }

    /** REMOTE only: every read that fills for itself is held to the watermark at once. */
    @GCached(keyType = KEY_TYPE, useCase = "ConsistencyRemote", remote = @GCached.Layer(ttl = "10m"))
    public EntitySnapshot remote(@GCacheId String id) {
        return slowRead(id);
    }

    /**
     * REQUEST_LOCAL, then LOCAL and REMOTE (SPEC §10): read twice in one scope by {@code ConsistencyResource#read}, so
     * that the second read comes from the scope's memo.
     */
    @GCached(keyType = KEY_TYPE, useCase = "ConsistencyRequest", requestLocal = true,
            local = @GCached.Layer(ttl = "60s"), remote = @GCached.Layer(ttl = "10m"))
    public EntitySnapshot request(@GCacheId String id) {
        return slowRead(id);
    }

    private EntitySnapshot slowRead(String id) {
        RAN_HERE.set(Boolean.TRUE);
        EntitySnapshot snapshot = store.read(id);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 16));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return snapshot;
    }
}
