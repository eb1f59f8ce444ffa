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
    private final List<UseCaseSpec> handles;

    /** @param handles the use cases declared by {@code GCacheHandle} injection points ({@link HandleAnalyzer}) */
    public GCacheUseCasesBuildItem(List<CachedMethod> methods, List<UseCaseSpec> handles) {
        this.methods = List.copyOf(methods);
        this.handles = List.copyOf(handles);
    }

    public List<CachedMethod> getMethods() {
        return methods;
    }

    /** Every use case: the methods', then the handles'. */
    public List<UseCaseSpec> getUseCases() {
        return java.util.stream.Stream.concat(methods.stream().map(CachedMethod::spec), handles.stream()).toList();
    }
}
