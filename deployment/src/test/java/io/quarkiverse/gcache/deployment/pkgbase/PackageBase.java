package io.quarkiverse.gcache.deployment.pkgbase;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** A base class whose cached method is package-private: only classes of this package call (or override) it. */
public abstract class PackageBase {

    @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
    String find(@GCacheId String id) {
        return "item-" + id;
    }

    /** A caller in the base's package, as the application's own classes of that package would call it. */
    public static String callFind(PackageBase base, String id) {
        return base.find(id);
    }
}
