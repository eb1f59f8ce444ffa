package io.quarkiverse.gcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.gcache.runtime.RateLimitedLog;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The effective TTL and ramp of each layer: properties over the annotation, and nothing ever throws. */
class SettingsReaderTest {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    @Test
    void annotationDefaultsApplyWithoutProperties() {
        UseCaseSpec spec = spec("GetUser", "1h", 40, "5m", 100);

        Settings settings = read(Map.of(), spec);

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 40, false));
        assertThat(settings.useCase(0).remote()).isEqualTo(new LayerSettings(Duration.ofMinutes(5).toNanos(), 100, false));
    }

    @Test
    void fallbackTimeoutComesFromThePropertyThenTheAnnotationThen60s() {
        UseCaseSpec annotated = spec("Annotated", "1h", 100, "", 100);
        annotated.setFallbackTimeout("2s");
        UseCaseSpec plain = spec("Plain", "1h", 100, "", 100);
        UseCaseSpec overridden = spec("Overridden", "1h", 100, "", 100);
        overridden.setFallbackTimeout("2s");
        UseCaseSpec broken = spec("Broken", "1h", 100, "", 100);
        broken.setFallbackTimeout("3s");

        Settings settings = read(Map.of(
                "quarkus.gcache.use-case.\"Overridden\".fallback-timeout", "500ms",
                "quarkus.gcache.use-case.Broken.fallback-timeout", "0"), annotated, plain, overridden, broken);

        assertThat(settings.fallbackTimeoutNanos(0)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(settings.fallbackTimeoutNanos(1)).isEqualTo(Duration.ofSeconds(60).toNanos());
        assertThat(settings.fallbackTimeoutNanos(2)).isEqualTo(Duration.ofMillis(500).toNanos());
        // a deadline cannot be switched off: a value that cannot be used keeps the annotation's
        assertThat(settings.fallbackTimeoutNanos(3)).isEqualTo(Duration.ofSeconds(3).toNanos());
    }

    @Test
    void layerWithoutTtlIsOffButNotAnError() {
        Settings settings = read(Map.of(), spec("GetUser", "", 100, "0", 100));

        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(0, 100, false));
        assertThat(settings.useCase(0).local().isOn()).isFalse();
        assertThat(settings.useCase(0).remote().isOn()).isFalse();
        assertThat(settings.useCase(0).remote().configError()).isFalse();
    }

    @Test
    void quotedUseCaseNameOverridesTheAnnotation() {
        Settings settings = read(Map.of(
                "quarkus.gcache.use-case.\"GetUser\".local.ttl", "30s",
                "quarkus.gcache.use-case.\"GetUser\".local.ramp", "10",
                "quarkus.gcache.use-case.\"GetUser\".remote.ttl", "2h"),
                spec("GetUser", "1h", 100, "", 100));

        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(Duration.ofSeconds(30).toNanos(), 10, false));
        assertThat(settings.useCase(0).remote()).isEqualTo(new LayerSettings(2 * HOUR, 100, false));
    }

    @Test
    void unquotedUseCaseNameOverridesTheAnnotation() {
        Settings settings = read(Map.of(
                "quarkus.gcache.use-case.GetUser.local.ttl", "30s",
                "quarkus.gcache.use-case.GetUser.remote.ramp", "0"),
                spec("GetUser", "1h", 100, "1h", 100));

        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(Duration.ofSeconds(30).toNanos(), 100, false));
        assertThat(settings.useCase(0).remote()).isEqualTo(new LayerSettings(HOUR, 0, false));
        assertThat(settings.useCase(0).remote().isOn()).isFalse();
    }

    @Test
    void useCaseNameWithDotsWorksQuotedAndUnquoted() {
        Settings settings = read(Map.of(
                "quarkus.gcache.use-case.\"UserService.profile\".local.ttl", "10s",
                "quarkus.gcache.use-case.UserService.settings.local.ttl", "20s"),
                spec("UserService.profile", "1h", 100, "", 100), spec("UserService.settings", "1h", 100, "", 100));

        assertThat(settings.useCase(0).local().ttlNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(settings.useCase(1).local().ttlNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void quotedNameWinsOverUnquoted() {
        Settings settings = read(Map.of(
                "quarkus.gcache.use-case.\"GetUser\".local.ramp", "30",
                "quarkus.gcache.use-case.GetUser.local.ramp", "70"),
                spec("GetUser", "1h", 100, "", 100));

        assertThat(settings.useCase(0).local().ramp()).isEqualTo(30);
    }

    @Test
    void propertiesOfOneUseCaseDoNotLeakIntoAnother() {
        Settings settings = read(Map.of("quarkus.gcache.use-case.GetUser.local.ramp", "5"),
                spec("GetUser", "1h", 100, "", 100), spec("GetUserPosts", "1h", 100, "", 100));

        assertThat(settings.useCase(0).local().ramp()).isEqualTo(5);
        assertThat(settings.useCase(1).local().ramp()).isEqualTo(100);
    }

    @Test
    void propertyCanTurnOnALayerTheAnnotationLeftOff() {
        Settings settings = read(Map.of("quarkus.gcache.use-case.GetUser.local.ttl", "PT1H"),
                spec("GetUser", "", 100, "", 100));

        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 100, false));
        assertThat(settings.useCase(0).local().isOn()).isTrue();
    }

    @Test
    void zeroTtlPropertyTurnsTheLayerOff() {
        Settings settings = read(Map.of("quarkus.gcache.use-case.GetUser.local.ttl", "0"),
                spec("GetUser", "1h", 100, "", 100));

        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(0, 100, false));
    }

    @ParameterizedTest(name = "ttl \"{0}\"")
    @ValueSource(strings = { "abc", "-5s", "10x" })
    void badTtlIsAConfigErrorOfThatLayerOnly(String ttl) {
        Settings settings = read(Map.of("quarkus.gcache.use-case.GetUser.local.ttl", ttl),
                spec("GetUser", "1h", 100, "1h", 100));

        assertThat(settings.useCase(0).local()).isSameAs(LayerSettings.CONFIG_ERROR);
        assertThat(settings.useCase(0).local().isOn()).isFalse();
        assertThat(settings.useCase(0).remote()).isEqualTo(new LayerSettings(HOUR, 100, false));
    }

    @ParameterizedTest(name = "ramp \"{0}\"")
    @ValueSource(strings = { "x", "101", "-1", "50%", "2.5" })
    void badRampIsAConfigErrorOfThatLayerOnly(String ramp) {
        Settings settings = read(Map.of("quarkus.gcache.use-case.\"GetUser\".remote.ramp", ramp),
                spec("GetUser", "1h", 100, "1h", 100));

        assertThat(settings.useCase(0).remote()).isSameAs(LayerSettings.CONFIG_ERROR);
        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 100, false));
    }

    @Test
    void rampBoundsAndBlanksAreAccepted() {
        Settings settings = read(Map.of(
                "quarkus.gcache.use-case.A.local.ramp", "0",
                "quarkus.gcache.use-case.B.local.ramp", " 100 "),
                spec("A", "1h", 50, "", 100), spec("B", "1h", 50, "", 100));

        assertThat(settings.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 0, false));
        assertThat(settings.useCase(1).local()).isEqualTo(new LayerSettings(HOUR, 100, false));
    }

    @Test
    void enabledDefaultsToTrue() {
        assertThat(read(Map.of(), spec("A", "1h", 100, "", 100)).enabled()).isTrue();
    }

    @ParameterizedTest(name = "enabled=\"{0}\"")
    @ValueSource(strings = { "false", "FALSE", " false " })
    void enabledFalseIsTheKillSwitch(String value) {
        assertThat(read(Map.of("quarkus.gcache.enabled", value), spec("A", "1h", 100, "", 100)).enabled()).isFalse();
    }

    @ParameterizedTest(name = "enabled=\"{0}\"")
    @ValueSource(strings = { "true", "TRUE", "True" })
    void enabledTrue(String value) {
        assertThat(read(Map.of("quarkus.gcache.enabled", value), spec("A", "1h", 100, "", 100)).enabled()).isTrue();
    }

    @ParameterizedTest(name = "enabled=\"{0}\"")
    @ValueSource(strings = { "maybe", "yes", "0" })
    void unreadableEnabledFailsClosed(String value) {
        assertThat(read(Map.of("quarkus.gcache.enabled", value), spec("A", "1h", 100, "", 100)).enabled()).isFalse();
    }

    @Test
    void readingAgainPicksUpChangedSources() {
        MutableSource source = new MutableSource();
        Config config = new SmallRyeConfigBuilder().withSources(source).build();
        SettingsReader reader = new SettingsReader(List.of(spec("GetUser", "1h", 100, "", 100)), log());

        Settings before = reader.read(config);
        source.properties.put("quarkus.gcache.use-case.\"GetUser\".local.ramp", "0");
        source.properties.put("quarkus.gcache.enabled", "false");
        Settings after = reader.read(config);
        source.properties.clear();
        Settings restored = reader.read(config);

        assertThat(before.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 100, false));
        assertThat(before.enabled()).isTrue();
        assertThat(after.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 0, false));
        assertThat(after.enabled()).isFalse();
        assertThat(restored.useCase(0).local()).isEqualTo(new LayerSettings(HOUR, 100, false));
        assertThat(restored.enabled()).isTrue();
    }

    @Test
    void higherOrdinalSourceWins() {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quarkus.gcache.use-case.GetUser.local.ttl", "10s"),
                        "low", 100))
                .withSources(new PropertiesConfigSource(Map.of("quarkus.gcache.use-case.GetUser.local.ttl", "20s"),
                        "high", 300))
                .build();

        Settings settings = new SettingsReader(List.of(spec("GetUser", "1h", 100, "", 100)), log()).read(config);

        assertThat(settings.useCase(0).local().ttlNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void shadowRampComesFromThePropertyOverTheAnnotationAndAnUnreadableOneTurnsShadowOff() {
        UseCaseSpec annotated = spec("GetUser", "", 100, "1h", 100);
        annotated.setShadowRamp(5);
        UseCaseSpec other = spec("Other", "", 100, "1h", 100);

        assertThat(read(Map.of(), annotated, other).useCase(0).shadow()).isEqualTo(new ShadowSettings(5, false));
        assertThat(read(Map.of(), annotated, other).useCase(1).shadow()).isEqualTo(ShadowSettings.OFF);
        Settings set = read(Map.of("quarkus.gcache.use-case.\"GetUser\".shadow.ramp", "20",
                "quarkus.gcache.use-case.Other.shadow.log-mismatches", "true"), annotated, other);
        assertThat(set.useCase(0).shadow()).isEqualTo(new ShadowSettings(20, false));
        assertThat(set.useCase(1).shadow()).isEqualTo(new ShadowSettings(0, true));
        assertThat(read(Map.of("quarkus.gcache.use-case.GetUser.shadow.ramp", "101"), annotated, other).useCase(0)
                .shadow()).isEqualTo(ShadowSettings.OFF);
        // the layers are untouched by a shadow mistake
        assertThat(read(Map.of("quarkus.gcache.use-case.GetUser.shadow.ramp", "x"), annotated, other).useCase(0)
                .remote().isOn()).isTrue();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Settings read(Map<String, String> properties, UseCaseSpec... specs) {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 500))
                .build();
        return new SettingsReader(List.of(specs), log()).read(config);
    }

    private static RateLimitedLog log() {
        return new RateLimitedLog(1, TimeUnit.MINUTES);
    }

    private static UseCaseSpec spec(String useCase, String localTtl, int localRamp, String remoteTtl, int remoteRamp) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase(useCase);
        spec.setKeyType("user_id");
        spec.setLocalTtl(localTtl);
        spec.setLocalRamp(localRamp);
        spec.setRemoteTtl(remoteTtl);
        spec.setRemoteRamp(remoteRamp);
        return spec;
    }

    /** A config source whose properties the test changes, like a dynamic source would. */
    private static final class MutableSource implements ConfigSource {
        final Map<String, String> properties = new ConcurrentHashMap<>();

        @Override
        public Set<String> getPropertyNames() {
            return properties.keySet();
        }

        @Override
        public String getValue(String propertyName) {
            return properties.get(propertyName);
        }

        @Override
        public String getName() {
            return "mutable";
        }

        @Override
        public int getOrdinal() {
            return 500;
        }
    }
}
