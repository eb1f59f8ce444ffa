package io.quarkiverse.gcache.deployment.validation;

import io.quarkus.arc.processor.InjectionPointInfo;

/** A {@code GCacheHandle} injected without its type argument: REMOTE would not know what to read a value back as. */
public class RawHandleException extends HandleDefinitionException {

    public RawHandleException(InjectionPointInfo injectionPoint) {
        super("GCacheHandle is injected without a type argument", injectionPoint,
                "write the cached value's type, e.g. GCacheHandle<User> or GCacheHandle<List<User>>");
    }
}
