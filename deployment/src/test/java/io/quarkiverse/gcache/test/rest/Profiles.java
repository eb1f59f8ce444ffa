package io.quarkiverse.gcache.test.rest;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** A cached method the REST applications of this package call. */
@ApplicationScoped
public class Profiles {

    private final AtomicInteger calls = new AtomicInteger();

    @GCached(keyType = "user_id", useCase = "RestProfile", local = @GCached.Layer(ttl = "1h"))
    public String profile(@GCacheId String id) {
        return "profile-" + id + "-" + calls.incrementAndGet();
    }

    public int calls() {
        return calls.get();
    }
}
