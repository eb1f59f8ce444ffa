package io.quarkiverse.gcache.deployment;

import java.util.List;

import io.quarkus.builder.item.SimpleBuildItem;

/** The generated call sites of the woven {@code @GCached} methods, which the recorder binds to the engine. */
public final class GCacheCallSitesBuildItem extends SimpleBuildItem {

    private final List<String> classNames;

    public GCacheCallSitesBuildItem(List<String> classNames) {
        this.classNames = List.copyOf(classNames);
    }

    public List<String> getClassNames() {
        return classNames;
    }
}
