package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code GCacheHandle<T>} whose {@code T} is or holds a type variable or a wildcard: no type to read values back as. */
public class HandleTypeVariableException extends HandleDefinitionException {

    public HandleTypeVariableException(InjectionPointInfo injectionPoint, String type) {
        super("GCacheHandle<" + type + "> names no concrete type to read a value back as (a type variable or a "
                + "wildcard)", injectionPoint,
                "name the cached value's type itself, e.g. GCacheHandle<List<User>>");
    }
}
