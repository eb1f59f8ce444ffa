package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached} on a static method, which no interceptor can reach. */
public class StaticMethodException extends GCacheDefinitionException {

    public StaticMethodException(MethodInfo method) {
        super("@GCached is on a static method, which cannot be intercepted", method,
                "make it an instance method of a CDI bean");
    }
}
