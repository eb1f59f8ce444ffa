package io.quarkiverse.gcache.deployment;

import java.util.List;

import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkus.builder.item.SimpleBuildItem;

/** Carries the mistakes found in {@code @GCached} declarations, to be reported together at validation. */
public final class GCacheDefinitionErrorsBuildItem extends SimpleBuildItem {

    private final List<GCacheDefinitionException> errors;

    public GCacheDefinitionErrorsBuildItem(List<GCacheDefinitionException> errors) {
        this.errors = List.copyOf(errors);
    }

    public List<GCacheDefinitionException> getErrors() {
        return errors;
    }
}
