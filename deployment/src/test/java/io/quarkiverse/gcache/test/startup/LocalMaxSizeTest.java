package io.quarkiverse.gcache.test.startup;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.tier.LocalTier;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §14: {@code quarkus.gcache.use-case."X".local.max-size} bounds one use case's LOCAL entries, below or above the
 * global {@code quarkus.gcache.local.max-size}, which bounds the others.
 */
class LocalMaxSizeTest {

    static final int IDS = 50;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Lookups.class))
            .overrideConfigKey("quarkus.gcache.local.max-size", "20")
            .overrideConfigKey("quarkus.gcache.use-case.\"Small\".local.max-size", "3")
            .overrideConfigKey("quarkus.gcache.use-case.Large.local.max-size", "100");

    @Inject
    Lookups lookups;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Test
    void eachUseCaseKeepsAtMostItsOwnMaxSize() {
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < IDS; i++) {
                lookups.small("id-" + i);
                lookups.large("id-" + i);
                lookups.global("id-" + i);
            }
        }
        assertThat(entries("Small")).as("its own max-size, below the global one").isLessThanOrEqualTo(3).isPositive();
        assertThat(entries("Large")).as("its own max-size, above the global one").isEqualTo(IDS);
        assertThat(entries("Global")).as("the global max-size").isLessThanOrEqualTo(20).isGreaterThan(3);
    }

    private int entries(String useCase) {
        LocalTier local = engine.useCase(useCase).local();
        local.cleanUp(); // Caffeine evicts in its maintenance, which may lag the writes
        return local.entries().size();
    }

    @ApplicationScoped
    public static class Lookups {

        @GCached(keyType = "item_id", useCase = "Small", local = @GCached.Layer(ttl = "1h"))
        public String small(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "item_id", useCase = "Large", local = @GCached.Layer(ttl = "1h"))
        public String large(@GCacheId String id) {
            return id;
        }

        @GCached(keyType = "item_id", useCase = "Global", local = @GCached.Layer(ttl = "1h"))
        public String global(@GCacheId String id) {
            return id;
        }
    }
}
