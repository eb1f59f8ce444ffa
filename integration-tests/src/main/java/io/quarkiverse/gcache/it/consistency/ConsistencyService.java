package io.quarkiverse.gcache.it.consistency;

import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/**
 * The history checker's cached reads of one entity type, {@code consistency_id}, both tracked for invalidation. The
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

    // REQUEST_LOCAL (SPEC §10) goes here once @GCached(requestLocal = true) exists: a third use case of KEY_TYPE with
    // requestLocal = true, read twice inside one scope by ConsistencyResource#read (use case "request"), so that the
    // second read, served by the scope's memo, is held to the LOCAL bound like any other reused value.

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
