package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCacheInvalidate} on a method that no CDI bean exposes, so no call of it is intercepted. */
public class InvalidateNotABeanException extends GCacheDefinitionException {

    public InvalidateNotABeanException(MethodInfo method, String why) {
        super("@GCacheInvalidate is on a method that is not intercepted: " + why, method,
                "put it on a method of a CDI bean class, e.g. one annotated @ApplicationScoped");
    }
}
