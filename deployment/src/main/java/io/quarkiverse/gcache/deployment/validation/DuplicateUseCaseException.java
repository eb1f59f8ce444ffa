package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** Two {@code @GCached} methods share a use case name. */
public class DuplicateUseCaseException extends GCacheDefinitionException {

    public DuplicateUseCaseException(MethodInfo method, String useCase, String other) {
        super("the use case \"" + useCase + "\" is also declared by " + other, method,
                "give one of the two methods its own @GCached(useCase = \"...\")");
    }
}
