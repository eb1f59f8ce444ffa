package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached} on a method whose return type cannot be cached. */
public class UnsupportedReturnTypeException extends GCacheDefinitionException {

    public UnsupportedReturnTypeException(MethodInfo method, String type) {
        super("@GCached cannot cache the return type " + type, method,
                "return the value itself, a Uni<T> or a CompletionStage<T> (collect a Multi into a Uni<List<T>>)");
    }
}
