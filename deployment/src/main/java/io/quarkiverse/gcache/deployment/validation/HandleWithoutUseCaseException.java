package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code GCacheHandle} injected without {@code @GCacheUseCase}: it names no use case. */
public class HandleWithoutUseCaseException extends HandleDefinitionException {

    public HandleWithoutUseCaseException(InjectionPointInfo injectionPoint) {
        super("GCacheHandle is injected without @GCacheUseCase", injectionPoint,
                "declare its use case: @Inject @GCacheUseCase(keyType = \"user_id\", value = \"GetUser\")");
    }
}
