package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCacheInvalidate} on a private method, which no interceptor can reach. */
public class InvalidatePrivateMethodException extends GCacheDefinitionException {

    public InvalidatePrivateMethodException(MethodInfo method) {
        super("@GCacheInvalidate is on a private method, which cannot be intercepted", method,
                "make the method public, protected or package-private");
    }
}
