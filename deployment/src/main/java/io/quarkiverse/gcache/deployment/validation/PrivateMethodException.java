package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached} on a private method, which no interceptor can reach. */
public class PrivateMethodException extends GCacheDefinitionException {

    public PrivateMethodException(MethodInfo method) {
        super("@GCached is on a private method, which cannot be intercepted", method,
                "make the method public, protected or package-private");
    }
}
