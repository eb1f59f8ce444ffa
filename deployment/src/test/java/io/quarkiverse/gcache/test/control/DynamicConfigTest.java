package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Ramp, TTL and the global switch re-read from a config source that changes while the application runs
 * ({@code config-refresh=100ms}), with the use case named with and without quotes. Awaitility polls in the test's
 * thread: the GCache scope is bound to it.
 */
class DynamicConfigTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Items.class, MutableConfigSource.class)
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
    void reset() {
        MutableConfigSource.values().clear();
        awaitDefaults();
        gcache.flush();
        Items.plainCalls.set(0);
        Items.dottedCalls.set(0);
        Items.ttlCalls.set(0);
    }

    @AfterEach
    void clear() {
        MutableConfigSource.values().clear();
        awaitDefaults();
    }

    @Test
    void unquotedRampGoesToZeroAndBackWhileTheApplicationRuns() {
        rampGoesToZeroAndBack("quarkus.gcache.use-case.DynPlain.local.ramp", items::plain, Items.plainCalls);
    }

    @Test
    void quotedRampOfADottedUseCaseGoesToZeroAndBack() {
        rampGoesToZeroAndBack("quarkus.gcache.use-case.\"Dyn.dotted\".local.ramp", items::dotted, Items.dottedCalls);
    }

    @Test
    void quotedRampOfAPlainNameWorksToo() {
        rampGoesToZeroAndBack("quarkus.gcache.use-case.\"DynPlain\".local.ramp", items::plain, Items.plainCalls);
    }

    private void rampGoesToZeroAndBack(String property, Function<String, String> method, AtomicInteger calls) {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(servedTwiceFromCache(method, calls, "a")).isTrue();

            MutableConfigSource.values().put(property, "0");
            await().pollInSameThread().atMost(WITHIN).until(() -> !servedTwiceFromCache(method, calls, "a"));
            int before = calls.get();
            for (int i = 0; i < 20; i++) {
                assertThat(method.apply("a")).isEqualTo("a");
            }
            assertThat(calls.get() - before).as("ramp 0: every call runs the method").isEqualTo(20);

            MutableConfigSource.values().put(property, "100");
            await().pollInSameThread().atMost(WITHIN).until(() -> servedTwiceFromCache(method, calls, "b"));
            before = calls.get();
            for (int i = 0; i < 20; i++) {
                assertThat(method.apply("b")).isEqualTo("b");
            }
            assertThat(calls.get() - before).as("ramp 100: every call is a hit").isZero();
        }
    }

    @Test
    void aShorterTtlAppliesToNewEntriesAndToEntriesAlreadyStored() {
        String property = "quarkus.gcache.use-case.\"DynTtl\".local.ttl";
        try (GCacheScope scope = gcache.enable()) {
            items.ttl("old");
            items.ttl("old");
            assertThat(Items.ttlCalls).hasValue(1);

            MutableConfigSource.values().put(property, "2s");
            int index = engine.useCase("DynTtl").index();
            await().pollInSameThread().atMost(WITHIN).until(
                    () -> engine.settings().useCase(index).local().ttlNanos() == Duration.ofSeconds(2).toNanos());

            items.ttl("new");
            items.ttl("new");
            assertThat(Items.ttlCalls).as("the new entry lives 2s").hasValue(2);
            await().pollInSameThread().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
                int before = Items.ttlCalls.get();
                items.ttl("new");
                return Items.ttlCalls.get() > before;
            });
            // SPEC §6: an entry is served only while its age is below the TTL in force now
            int before = Items.ttlCalls.get();
            items.ttl("old");
            assertThat(Items.ttlCalls).as("the entry written under 1h, older than the 2s now in force").hasValue(before + 1);
        }
    }

    @Test
    void theGlobalSwitchTurnsCachingOffAndOnWhileTheApplicationRuns() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(servedTwiceFromCache(items::plain, Items.plainCalls, "a")).isTrue();

            MutableConfigSource.values().put("quarkus.gcache.enabled", "false");
            await().pollInSameThread().atMost(WITHIN).until(() -> !gcache.isEnabled());
            int before = Items.plainCalls.get();
            for (int i = 0; i < 10; i++) {
                assertThat(items.plain("a")).isEqualTo("a");
                assertThat(items.dotted("a")).isEqualTo("a");
            }
            assertThat(Items.plainCalls.get() - before).as("disabled: every call runs the method").isEqualTo(10);

            MutableConfigSource.values().put("quarkus.gcache.enabled", "true");
            await().pollInSameThread().atMost(WITHIN).until(gcache::isEnabled);
            before = Items.plainCalls.get();
            for (int i = 0; i < 10; i++) {
                assertThat(items.plain("a")).isEqualTo("a");
            }
            // SPEC §6: LOCAL switched off serves nothing from before when it comes back; the refill is served
            assertThat(Items.plainCalls.get() - before).as("enabled again: one refill, nothing from before").isEqualTo(1);
        }
    }

    /** Calls the method twice with {@code id}: whether the second call was served without running it. */
    private static boolean servedTwiceFromCache(Function<String, String> method, AtomicInteger calls, String id) {
        method.apply(id);
        int before = calls.get();
        method.apply(id);
        return calls.get() == before;
    }

    private void awaitDefaults() {
        await().pollInSameThread().atMost(WITHIN).until(() -> {
            if (!engine.settings().enabled()) {
                return false;
            }
            for (String name : new String[] { "DynPlain", "Dyn.dotted", "DynTtl" }) {
                LayerSettings local = engine.settings().useCase(engine.useCase(name).index()).local();
                if (local.ramp() != 100 || local.ttlNanos() != Duration.ofHours(1).toNanos()) {
                    return false;
                }
            }
            return true;
        });
    }

    @ApplicationScoped
    public static class Items {
        static final AtomicInteger plainCalls = new AtomicInteger();
        static final AtomicInteger dottedCalls = new AtomicInteger();
        static final AtomicInteger ttlCalls = new AtomicInteger();

        @GCached(keyType = "item_id", useCase = "DynPlain", local = @GCached.Layer(ttl = "1h"))
        public String plain(@GCacheId String id) {
            plainCalls.incrementAndGet();
            return id;
        }

        @GCached(keyType = "item_id", useCase = "Dyn.dotted", local = @GCached.Layer(ttl = "1h"))
        public String dotted(@GCacheId String id) {
            dottedCalls.incrementAndGet();
            return id;
        }

        @GCached(keyType = "item_id", useCase = "DynTtl", local = @GCached.Layer(ttl = "1h"))
        public String ttl(@GCacheId String id) {
            ttlCalls.incrementAndGet();
            return id;
        }
    }
}
