package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCacheInvalidate} on a static method, which no interceptor can reach. */
public class InvalidateStaticMethodException extends GCacheDefinitionException {

    public InvalidateStaticMethodException(MethodInfo method) {
        super("@GCacheInvalidate is on a static method, which cannot be intercepted", method,
                "make it an instance method of a CDI bean");
    }
}
