package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached} on a method that returns nothing to cache. */
public class VoidReturnTypeException extends GCacheDefinitionException {

    public VoidReturnTypeException(MethodInfo method) {
        super("@GCached is on a method that returns void: there is nothing to cache", method,
                "return the value to cache, or remove @GCached");
    }
}
