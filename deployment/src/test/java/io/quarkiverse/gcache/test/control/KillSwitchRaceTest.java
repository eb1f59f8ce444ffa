package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheKey;
import io.quarkiverse.gcache.GCacheKeyConfig;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * SPEC §6: a LOCAL layer switched off serves nothing from before when it comes back, also for a call that was already
 * under way when the switch was thrown (here held in a slow {@link GCacheConfigProvider}, after the call read the
 * settings and before its fill started).
 */
class KillSwitchRaceTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Items.class, SlowFlags.class, MutableConfigSource.class)
                    .addAsServiceProvider(ConfigSource.class, MutableConfigSource.class))
            .overrideConfigKey("quarkus.gcache.config-refresh", "100ms")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @Inject
    Items items;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void arm() {
        SlowFlags.entered = new CountDownLatch(1);
        SlowFlags.release = new CountDownLatch(1);
        SlowFlags.asked.set(0);
        gcache.flush();
    }

    @AfterEach
    void clear() {
        MutableConfigSource.values().clear();
        SlowFlags.release.countDown();
        await().atMost(WITHIN).until(() -> engine.settings().enabled());
    }

    @Test
    void aCallUnderWayWhenTheKillSwitchIsThrownKeepsNothingForAfterIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Items.version.set(1);
            Future<String> straddling = pool.submit(() -> {
                try (GCacheScope scope = gcache.enable()) {
                    return items.value("k");
                }
            });
            assertThat(SlowFlags.entered.await(10, TimeUnit.SECONDS)).isTrue();

            MutableConfigSource.values().put("quarkus.gcache.enabled", "false");
            await().atMost(WITHIN).until(() -> !engine.settings().enabled());
            SlowFlags.release.countDown();
            assertThat(straddling.get(10, TimeUnit.SECONDS)).isEqualTo("k@v1");

            // while the kill switch is on, the method answers newer values
            Items.version.set(2);
            try (GCacheScope scope = gcache.enable()) {
                assertThat(items.value("k")).isEqualTo("k@v2");
            }

            MutableConfigSource.values().remove("quarkus.gcache.enabled");
            await().atMost(WITHIN).until(() -> engine.settings().enabled());
            Items.version.set(3);
            try (GCacheScope scope = gcache.enable()) {
                assertThat(items.value("k")).as("the first call after the kill switch is lifted").isEqualTo("k@v3");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUniAssembledBeforeTheKillSwitchAndSubscribedDuringItKeepsNothingForAfterIt() {
        Items.version.set(1);
        Uni<String> assembled;
        try (GCacheScope scope = gcache.enable()) {
            assembled = items.uniValue("u");
        }
        MutableConfigSource.values().put("quarkus.gcache.enabled", "false");
        await().atMost(WITHIN).until(() -> !engine.settings().enabled());
        assertThat(assembled.await().atMost(WITHIN)).isEqualTo("u@v1");

        Items.version.set(2);
        MutableConfigSource.values().remove("quarkus.gcache.enabled");
        await().atMost(WITHIN).until(() -> engine.settings().enabled());
        try (GCacheScope scope = gcache.enable()) {
            assertThat(items.uniValue("u").await().atMost(WITHIN)).as("the first call after the kill switch is lifted")
                    .isEqualTo("u@v2");
        }
    }

    @Test
    void theKillSwitchEmptiesALocalTierThatOnlyTheProviderTurnsOn() {
        Items.version.set(1);
        try (GCacheScope scope = gcache.enable()) {
            assertThat(items.byProvider("p")).isEqualTo("p@v1");
            assertThat(items.byProvider("p")).isEqualTo("p@v1");
        }
        MutableConfigSource.values().put("quarkus.gcache.enabled", "false");
        await().atMost(WITHIN).until(() -> !engine.settings().enabled());
        Items.version.set(2);
        try (GCacheScope scope = gcache.enable()) {
            assertThat(items.byProvider("p")).isEqualTo("p@v2");
        }
        MutableConfigSource.values().remove("quarkus.gcache.enabled");
        await().atMost(WITHIN).until(() -> engine.settings().enabled());
        Items.version.set(3);
        try (GCacheScope scope = gcache.enable()) {
            assertThat(items.byProvider("p")).as("the first call after the kill switch is lifted").isEqualTo("p@v3");
        }
    }

    /** A flag service that answers slowly for its first call ("use the properties"). */
    @ApplicationScoped
    public static class SlowFlags implements GCacheConfigProvider {
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);
        static final AtomicInteger asked = new AtomicInteger();

        @Override
        public Optional<GCacheKeyConfig> config(GCacheKey key) {
            if (key.id().equals("k") && asked.getAndIncrement() == 0) {
                entered.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (key.useCase().equals("KillRaceProvider")) { // LOCAL for an hour, though the properties have none
                return Optional.of(GCacheKeyConfig.empty().with(CacheLayer.LOCAL, Duration.ofHours(1), 100));
            }
            return Optional.empty();
        }
    }

    @ApplicationScoped
    public static class Items {
        static final AtomicInteger version = new AtomicInteger(1);

        @GCached(keyType = "item", useCase = "KillRace", trackForInvalidation = false, local = @GCached.Layer(ttl = "1h"))
        public String value(@GCacheId String id) {
            return id + "@v" + version.get();
        }

        @GCached(keyType = "item", useCase = "KillRaceProvider", trackForInvalidation = false)
        public String byProvider(@GCacheId String id) {
            return id + "@v" + version.get();
        }

        @GCached(keyType = "item", useCase = "KillRaceUni", trackForInvalidation = false,
                local = @GCached.Layer(ttl = "1h"))
        public Uni<String> uniValue(@GCacheId String id) {
            return Uni.createFrom().item(() -> id + "@v" + version.get());
        }
    }
}
