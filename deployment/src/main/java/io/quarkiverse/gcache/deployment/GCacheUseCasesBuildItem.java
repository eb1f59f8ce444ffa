package io.quarkiverse.gcache.deployment;

import java.util.List;

import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.builder.item.SimpleBuildItem;

/** Carries every valid {@code @GCached} method with its spec: what the runtime needs to cache it. */
public final class GCacheUseCasesBuildItem extends SimpleBuildItem {

    /** A valid {@code @GCached} method and its spec. */
    public record CachedMethod(MethodInfo method, UseCaseSpec spec) {
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
