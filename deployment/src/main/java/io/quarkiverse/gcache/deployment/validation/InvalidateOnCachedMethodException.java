package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCacheInvalidate} and {@code @GCached} on one method: a read that is served from the cache never runs, so when it would invalidate is undefined. */
public class InvalidateOnCachedMethodException extends GCacheDefinitionException {

    public InvalidateOnCachedMethodException(MethodInfo method) {
        super("@GCacheInvalidate and @GCached are on the same method; a cached read may not run the method, and a read"
                + " that invalidates its own entity would never stay cached", method,
                "put @GCacheInvalidate on the method that writes the entity and keep @GCached on the read");
    }
}
