package io.quarkiverse.gcache.test.invalidate;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** The cached reads the writes of these tests invalidate: each counts its runs and shows the data's version. */
@ApplicationScoped
public class Users {

    static final AtomicInteger version = new AtomicInteger(1);
    static final AtomicInteger userCalls = new AtomicInteger();
    static final AtomicInteger orgCalls = new AtomicInteger();

    static void reset() {
        version.set(1);
        userCalls.set(0);
        orgCalls.set(0);
    }

    @GCached(keyType = "user_id", useCase = "InvUser", local = @GCached.Layer(ttl = "1h"))
    public String user(@GCacheId String id) {
        userCalls.incrementAndGet();
        return id + "@v" + version.get();
    }

    @GCached(keyType = "org_id", useCase = "InvOrg", local = @GCached.Layer(ttl = "1h"))
    public String org(@GCacheId String id) {
        orgCalls.incrementAndGet();
        return id + "@v" + version.get();
    }
}
