package io.quarkiverse.gcache.test.devmode;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** A cached method whose body the dev-mode test edits. */
@ApplicationScoped
public class ReloadedGreeter {

    static final AtomicInteger RUNS = new AtomicInteger();

    @GCached(keyType = "user_id", useCase = "Greeting", local = @GCached.Layer(ttl = "1h"))
    public String greet(@GCacheId String id) {
        return "hello " + id + " #" + RUNS.incrementAndGet();
    }
}
