package io.quarkiverse.gcache.deployment;

import java.util.List;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.builder.item.SimpleBuildItem;

/**
 * Carries the use cases of the application: each bean that has a valid {@code @GCached} method (declared or
 * inherited) with its spec, what the runtime needs to cache it.
 */
public final class GCacheUseCasesBuildItem extends SimpleBuildItem {

    /**
     * A valid {@code @GCached} method, the bean class whose calls of it this use case caches (the declaring class or
     * a bean class that inherits the method), and its spec.
     */
    public record CachedMethod(MethodInfo method, UseCaseSpec spec, ClassInfo bean) {
    }

    private final List<CachedMethod> methods;

    public GCacheUseCasesBuildItem(List<CachedMethod> methods) {
        this.methods = List.copyOf(methods);
    }

    public List<CachedMethod> getMethods() {
        return methods;
    }

    public List<UseCaseSpec> getUseCases() {
        return methods.stream().map(CachedMethod::spec).toList();
    }
}
