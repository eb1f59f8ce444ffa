package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code @GCacheUseCase} layer's {@code ttl} that is not a duration. */
public class InvalidHandleTtlException extends HandleDefinitionException {

    public InvalidHandleTtlException(InjectionPointInfo injectionPoint, String layer, String ttl, String why) {
        super("the " + layer + " ttl \"" + ttl + "\" of @GCacheUseCase cannot be read: " + why, injectionPoint,
                "write e.g. ttl = \"60s\", \"5m\", \"1h\" or \"PT1H\"; \"0\" or \"\" turns the layer off");
    }
}
