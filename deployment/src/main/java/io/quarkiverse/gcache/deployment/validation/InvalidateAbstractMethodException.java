package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCacheInvalidate} on an abstract method: the implementing method does not inherit it. */
public class InvalidateAbstractMethodException extends GCacheDefinitionException {

    public InvalidateAbstractMethodException(MethodInfo method) {
        super("@GCacheInvalidate is on an abstract method; the method that implements it does not inherit the annotation",
                method, "put @GCacheInvalidate on the implementing method of the bean class");
    }
}
