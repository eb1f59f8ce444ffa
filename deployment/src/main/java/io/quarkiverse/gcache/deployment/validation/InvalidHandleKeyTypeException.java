package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code @GCacheUseCase} key type that keys cannot carry. */
public class InvalidHandleKeyTypeException extends HandleDefinitionException {

    public InvalidHandleKeyTypeException(InjectionPointInfo injectionPoint, String keyType) {
        super("@GCacheUseCase(keyType = \"" + keyType + "\") is not a valid key type", injectionPoint,
                "use letters, digits, \"_\", \".\" and \"-\" only, e.g. keyType = \"user_id\"");
    }
}
