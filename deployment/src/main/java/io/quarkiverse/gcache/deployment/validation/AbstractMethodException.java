package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached} on an abstract method: there is no body to move behind the cache. */
public class AbstractMethodException extends GCacheDefinitionException {

    public AbstractMethodException(MethodInfo method) {
        super("@GCached is on an abstract method, which has no body to cache", method,
                "put @GCached on the method that implements it in the bean class");
    }
}
