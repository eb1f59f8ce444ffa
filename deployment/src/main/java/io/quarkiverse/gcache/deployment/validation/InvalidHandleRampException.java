package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code @GCacheUseCase} layer's {@code ramp} outside 0..100. */
public class InvalidHandleRampException extends HandleDefinitionException {

    public InvalidHandleRampException(InjectionPointInfo injectionPoint, String layer, int ramp) {
        super("the " + layer + " ramp " + ramp + " of @GCacheUseCase is not a share of requests", injectionPoint,
                "write a ramp from 0 to 100");
    }
}
