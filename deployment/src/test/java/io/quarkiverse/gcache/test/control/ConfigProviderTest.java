package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheKey;
import io.quarkiverse.gcache.GCacheKeyConfig;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@link GCacheConfigProvider} bean (injected nowhere by the application) decides per call, over the properties: it
 * sees the call's key; off for one entity, empty for another; one that throws and one that answers a bad ramp turn the
 * layer off with {@code reason="config_error"} and never fail the call.
 */
class ConfigProviderTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, FlagService.class))
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @Inject
    Profiles profiles;

    @Inject
    GCache gcache;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        gcache.flush();
        Profiles.calls.set(0);
        FlagService.seen.clear();
    }

    @Test
    void theProviderSeesTheCallsKey() {
        try (GCacheScope scope = gcache.enable()) {
            profiles.vip("vip-1", "en");
        }
        assertThat(FlagService.seen).containsExactly(
                "user_id|vip-1|VipProfile|{lang=en}|{urn:gcache:user_id:vip-1}?lang=en#VipProfile");
    }

    @Test
    void onlyVipEntitiesAreCached() {
        double offBefore = disabled("VipProfile", "LOCAL", "missing_config");
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 3; i++) {
                assertThat(profiles.vip("vip-1", "en")).isEqualTo("vip-1/en");
            }
            assertThat(Profiles.calls).as("vip-: empty answer, the properties cache it").hasValue(1);
            for (int i = 0; i < 3; i++) {
                assertThat(profiles.vip("bob", "en")).isEqualTo("bob/en");
            }
            assertThat(Profiles.calls).as("others: GCacheKeyConfig.off(), every call runs").hasValue(4);
        }
        assertThat(FlagService.seen).hasSize(6);
        assertThat(disabled("VipProfile", "LOCAL", "missing_config") - offBefore).isEqualTo(3);
    }

    @Test
    void aThrowingProviderTurnsTheLayerOffAndTheCallStillReturns() {
        double errorsBefore = errors("ThrowingProfile", "IllegalStateException");
        double disabledBefore = disabled("ThrowingProfile", "LOCAL", "config_error");
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 3; i++) {
                assertThat(profiles.throwing("42")).isEqualTo("42");
            }
        }
        assertThat(Profiles.calls).hasValue(3);
        assertThat(disabled("ThrowingProfile", "LOCAL", "config_error") - disabledBefore).isEqualTo(3);
        assertThat(errors("ThrowingProfile", "IllegalStateException") - errorsBefore).isEqualTo(3);
    }

    @Test
    void aBadRampFromTheProviderTurnsTheLayerOff() {
        double disabledBefore = disabled("BadRampProfile", "LOCAL", "config_error");
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 3; i++) {
                assertThat(profiles.badRamp("42")).isEqualTo("42");
            }
        }
        assertThat(Profiles.calls).hasValue(3);
        assertThat(disabled("BadRampProfile", "LOCAL", "config_error") - disabledBefore).isEqualTo(3);
    }

    @Test
    void theProviderIsNotAskedOutsideAScope() {
        profiles.vip("vip-1", "en");
        profiles.throwing("42");
        assertThat(FlagService.seen).isEmpty();
        assertThat(Profiles.calls).hasValue(2);
    }

    private double disabled(String useCase, String layer, String reason) {
        Counter c = registry.find("gcache_disabled_counter")
                .tags("use_case", useCase, "layer", layer, "reason", reason).counter();
        assertThat(c).as("disabled counter of %s %s %s", useCase, layer, reason).isNotNull();
        return c.count();
    }

    private double errors(String useCase, String error) {
        Counter c = registry.find("gcache_error_counter")
                .tags("use_case", useCase, "key_type", "user_id", "layer", "GLOBAL", "error", error, "in_fallback", "False")
                .counter();
        return c == null ? 0 : c.count();
    }

    /** The feature-flag service: caches only vip- users of VipProfile; fails for ThrowingProfile. */
    @ApplicationScoped
    public static class FlagService implements GCacheConfigProvider {
        static final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public Optional<GCacheKeyConfig> config(GCacheKey key) {
            seen.add(key.keyType() + "|" + key.id() + "|" + key.useCase() + "|" + key.args() + "|" + key.urn());
            return switch (key.useCase()) {
                case "VipProfile" -> key.id().startsWith("vip-") ? Optional.empty() : Optional.of(GCacheKeyConfig.off());
                case "ThrowingProfile" -> throw new IllegalStateException("the flag service is down");
                case "BadRampProfile" -> Optional.of(GCacheKeyConfig.empty().with(CacheLayer.LOCAL, Duration.ofHours(1), 150));
                default -> Optional.empty();
            };
        }
    }

    @ApplicationScoped
    public static class Profiles {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "VipProfile", local = @GCached.Layer(ttl = "1h"))
        public String vip(@GCacheId String id, @GCacheArg String lang) {
            calls.incrementAndGet();
            return id + "/" + lang;
        }

        @GCached(keyType = "user_id", useCase = "ThrowingProfile", local = @GCached.Layer(ttl = "1h"))
        public String throwing(@GCacheId String id) {
            calls.incrementAndGet();
            return id;
        }

        @GCached(keyType = "user_id", useCase = "BadRampProfile", local = @GCached.Layer(ttl = "1h"))
        public String badRamp(@GCacheId String id) {
            calls.incrementAndGet();
            return id;
        }
    }
}
