package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** The use case name {@code watermark} is reserved. */
public class ReservedUseCaseException extends GCacheDefinitionException {

    public ReservedUseCaseException(MethodInfo method) {
        super("the use case name \"watermark\" is reserved: it names the invalidation watermark in Redis keys", method,
                "choose another useCase");
    }
}
