package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/**
 * Two {@code GCacheHandle} injection points name one use case but differ in key type, value type or the defaults the
 * qualifier sets: injection points share a use case only when they declare the same one.
 */
public class HandleMismatchException extends HandleDefinitionException {

    /**
     * @param what what differs, e.g. {@code keyType "user_id" here, "org_id" there}
     * @param other the other injection point, as {@link #where} writes it
     */
    public HandleMismatchException(InjectionPointInfo injectionPoint, String useCase, String what, String other) {
        super("the use case \"" + useCase + "\" is declared differently by this GCacheHandle and by the " + other + ": "
                + what, injectionPoint,
                "declare it the same way at both (the same keyType, GCacheHandle<T> and defaults), or give one its own "
                        + "@GCacheUseCase name");
    }
}
