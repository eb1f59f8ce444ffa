package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/**
 * Two {@code GCacheHandle} injection points name one use case but differ in key type, value type or the defaults the
 * qualifier sets: injection points share a use case only when they declare the same one.
 */
public class HandleMismatchException extends HandleDefinitionException {

    /**
     * @param injectionPoint the first injection point that declares the use case
     * @param differences how the others differ, e.g. {@code the field org.acme.B.users declares keyType "org_id"
     *        instead of "user_id"}
     */
    public HandleMismatchException(InjectionPointInfo injectionPoint, String useCase, String differences) {
        super("the use case \"" + useCase + "\" of this GCacheHandle is declared differently elsewhere: " + differences,
                injectionPoint, "declare it the same way everywhere (the same keyType, GCacheHandle<T> and defaults), "
                        + "or give each different one its own @GCacheUseCase name");
    }
}
