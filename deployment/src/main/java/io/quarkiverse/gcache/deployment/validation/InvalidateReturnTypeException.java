package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCacheInvalidate} on a method whose completion GCache cannot follow. */
public class InvalidateReturnTypeException extends GCacheDefinitionException {

    public InvalidateReturnTypeException(MethodInfo method, String type) {
        super("@GCacheInvalidate cannot tell when a method returning " + type + " has written", method,
                "return the value itself (or void), a Uni<T>, or a CompletionStage<T> / CompletableFuture<T> (collect a Multi into a Uni)");
    }
}
