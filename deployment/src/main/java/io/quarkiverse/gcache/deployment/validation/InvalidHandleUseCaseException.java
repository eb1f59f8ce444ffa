package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code @GCacheUseCase} name that keys cannot carry, or the reserved {@code watermark}. */
public class InvalidHandleUseCaseException extends HandleDefinitionException {

    public InvalidHandleUseCaseException(InjectionPointInfo injectionPoint, String useCase, boolean reserved) {
        super(reserved ? "the use case name \"" + useCase + "\" is reserved (it ends every watermark key)"
                : "@GCacheUseCase(\"" + useCase + "\") is not a valid use case name", injectionPoint,
                reserved ? "choose another name, e.g. @GCacheUseCase(\"GetUser\")"
                        : "use letters, digits, \"_\", \".\" and \"-\" only, e.g. @GCacheUseCase(\"GetUser\")");
    }
}
