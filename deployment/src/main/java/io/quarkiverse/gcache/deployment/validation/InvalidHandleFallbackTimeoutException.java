package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code @GCacheUseCase(fallbackTimeout)} that is not a positive duration. */
public class InvalidHandleFallbackTimeoutException extends HandleDefinitionException {

    public InvalidHandleFallbackTimeoutException(InjectionPointInfo injectionPoint, String timeout, String why) {
        super("the fallbackTimeout \"" + timeout + "\" of @GCacheUseCase cannot be read: " + why, injectionPoint,
                "write a positive duration, e.g. fallbackTimeout = \"2s\", or leave it out for the default");
    }
}
