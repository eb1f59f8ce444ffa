package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code @GCacheUseCase} name that a {@code @GCached} method's use case has already. */
public class HandleUseCaseClashException extends HandleDefinitionException {

    /** @param method the method whose use case it is, e.g. {@code org.acme.UserService#profile(String)} */
    public HandleUseCaseClashException(InjectionPointInfo injectionPoint, String useCase, String method) {
        super("the use case \"" + useCase + "\" of this GCacheHandle is also that of the @GCached method " + method,
                injectionPoint, "give the handle another @GCacheUseCase name, or the method another "
                        + "@GCached(useCase = \"...\"): a use case is one cache");
    }
}
