package io.quarkiverse.gcache.test.devmode;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** A base class with a cached method that the dev-mode test's bean inherits, then overrides. */
public abstract class ReloadedBaseGreeter {

    static final AtomicInteger RUNS = new AtomicInteger();

    @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1h"))
    public String greet(@GCacheId String id) {
        return "hello " + id + " #" + RUNS.incrementAndGet();
    }
}
