package io.quarkiverse.gcache.deployment;

import java.util.List;

import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.builder.item.SimpleBuildItem;

/**
 * Carries what the annotations say, before ArC says which beans there are: every valid {@code @GCached} method with
 * the spec read from it (not yet tied to a bean), and the mistakes found in the declarations.
 */
public final class GCacheDeclaredMethodsBuildItem extends SimpleBuildItem {

    /** A valid {@code @GCached} method, its spec as declared, and whether the annotation names its use case. */
    public record Declared(MethodInfo method, UseCaseSpec spec, boolean explicitUseCase) {
    }

    private final List<Declared> methods;
    private final List<GCacheDefinitionException> errors;

    public GCacheDeclaredMethodsBuildItem(List<Declared> methods, List<GCacheDefinitionException> errors) {
        this.methods = List.copyOf(methods);
        this.errors = List.copyOf(errors);
    }

    public List<Declared> getMethods() {
        return methods;
    }

    public List<GCacheDefinitionException> getErrors() {
        return errors;
    }
}
