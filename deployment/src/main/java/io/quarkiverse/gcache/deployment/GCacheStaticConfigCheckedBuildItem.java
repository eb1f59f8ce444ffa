package io.quarkiverse.gcache.deployment;

import io.quarkus.builder.item.EmptyBuildItem;

/**
 * Marks that the start checks the static configuration's GCache values before the engine is created, so that a value
 * that cannot be read fails the start on its own, not wrapped in the engine bean's creation.
 */
public final class GCacheStaticConfigCheckedBuildItem extends EmptyBuildItem {
}
