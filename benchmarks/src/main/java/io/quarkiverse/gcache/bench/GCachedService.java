package io.quarkiverse.gcache.bench;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** The benchmarked {@code @GCached} methods; bodies identical to {@link PlainService}'s. */
@ApplicationScoped
public class GCachedService {

    /**
     * Calls of the slow methods that reached the method body (the stampede counts them). Static: a field of the bean
     * read through its client proxy would be the proxy's own.
     */
    public static final AtomicInteger SLOW_CALLS = new AtomicInteger();

    @GCached(keyType = "user_id", useCase = "BenchLocal0", local = @GCached.Layer(ttl = "1h"))
    public User profile(@GCacheId String id) {
        return Dataset.lookup(id);
    }

    /** {@link #profile}'s body, REQUEST_LOCAL alone. */
    @GCached(keyType = "user_id", useCase = "BenchRequestLocal", requestLocal = true)
    public User requestLocal(@GCacheId String id) {
        return Dataset.lookup(id);
    }

    /** {@link #profile}'s body, REQUEST_LOCAL in front of LOCAL. */
    @GCached(keyType = "user_id", useCase = "BenchRequestLocalOverLocal", requestLocal = true,
            local = @GCached.Layer(ttl = "1h"))
    public User requestLocalOverLocal(@GCacheId String id) {
        return Dataset.lookup(id);
    }

    @GCached(keyType = "user_id", useCase = "BenchLocal2", local = @GCached.Layer(ttl = "1h"))
    public User args2(@GCacheId String id, String region, int page) {
        return Dataset.lookup(id);
    }

    @GCached(keyType = "user_id", useCase = "BenchLocal6", local = @GCached.Layer(ttl = "1h"))
    public User args6(@GCacheId String id, String region, int page, long since, String lang, boolean active, int size) {
        return Dataset.lookup(id);
    }

    /** REMOTE only: LOCAL is off, so every call reads Redis. */
    @GCached(keyType = "user_id", useCase = "BenchRemote0", remote = @GCached.Layer(ttl = "1h"))
    public User remote(@GCacheId String id) {
        return Dataset.lookup(id);
    }

    /** {@link #remote} with shadow validation of every key: the caller's side of a sampled REMOTE hit. */
    @GCached(keyType = "user_id", useCase = "BenchRemoteShadow100", remote = @GCached.Layer(ttl = "1h"),
            shadowRamp = 100)
    public User remoteShadow100(@GCacheId String id) {
        return Dataset.lookup(id);
    }

    /** A slow method for the stampede: LOCAL only. */
    @GCached(keyType = "user_id", useCase = "BenchStampedeLocal", local = @GCached.Layer(ttl = "1h"))
    public User slow(@GCacheId String id) {
        return slowBody(id);
    }

    /** A slow method for the stampede: LOCAL and REMOTE. */
    @GCached(keyType = "user_id", useCase = "BenchStampedeBoth", local = @GCached.Layer(ttl = "1h"),
            remote = @GCached.Layer(ttl = "1h"))
    public User slowBoth(@GCacheId String id) {
        return slowBody(id);
    }

    private User slowBody(String id) {
        SLOW_CALLS.incrementAndGet();
        try {
            Thread.sleep(Stampede.METHOD_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Dataset.lookup(id);
    }
}
