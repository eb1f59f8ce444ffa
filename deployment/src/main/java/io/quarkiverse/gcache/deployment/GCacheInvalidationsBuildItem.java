package io.quarkiverse.gcache.deployment;

import java.util.List;

import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.runtime.spec.InvalidatingMethodSpec;
import io.quarkus.builder.item.SimpleBuildItem;

/**
 * Carries every valid {@code @GCacheInvalidate} method with the spec read from it, and the mistakes found in the
 * declarations.
 */
public final class GCacheInvalidationsBuildItem extends SimpleBuildItem {

    /** A valid {@code @GCacheInvalidate} method and its spec. */
    public record Invalidating(MethodInfo method, InvalidatingMethodSpec spec) {
    }

    private final List<Invalidating> methods;
    private final List<GCacheDefinitionException> errors;

    public GCacheInvalidationsBuildItem(List<Invalidating> methods, List<GCacheDefinitionException> errors) {
        this.methods = List.copyOf(methods);
        this.errors = List.copyOf(errors);
    }

    public List<Invalidating> getMethods() {
        return methods;
    }

    public List<GCacheDefinitionException> getErrors() {
        return errors;
    }
}
