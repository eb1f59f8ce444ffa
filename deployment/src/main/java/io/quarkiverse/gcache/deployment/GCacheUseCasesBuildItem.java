package io.quarkiverse.gcache.deployment;

import java.util.List;

import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.builder.item.SimpleBuildItem;

/** Carries the spec of every valid {@code @GCached} method: what the runtime needs to cache it. */
public final class GCacheUseCasesBuildItem extends SimpleBuildItem {

    private final List<UseCaseSpec> useCases;

    public GCacheUseCasesBuildItem(List<UseCaseSpec> useCases) {
        this.useCases = List.copyOf(useCases);
    }

    public List<UseCaseSpec> getUseCases() {
        return useCases;
    }
}
