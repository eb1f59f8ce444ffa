package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code quarkus.gcache.use-case."X".local.*} over the annotation's defaults, quoted or not. (Unreadable values:
 * StaticBadValuesTest, which fails the start, and DynamicBadValuesTest, which switches the layer off.)
 */
public class ConfigOverrideTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Settings.class))
            .overrideConfigKey("quarkus.gcache.use-case.\"RampedDown\".local.ramp", "0")
            .overrideConfigKey("quarkus.gcache.use-case.Unquoted.local.ramp", "0")
            .overrideConfigKey("quarkus.gcache.use-case.\"TurnedOn\".local.ttl", "2h")
            .overrideConfigKey("quarkus.gcache.use-case.\"TurnedOff\".local.ttl", "0")
            .overrideConfigKey("quarkus.gcache.use-case.\"Settings.byDefaultName\".local.ttl", "3h")
            .overrideConfigKey("quarkus.gcache.key-prefix", "urn:test");

    @Inject
    Settings settings;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        gcache.flush();
        settings.reset();
    }

    @Test
    void annotationDefaultsApplyWithoutProperties() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.plain("42")).isEqualTo("plain-1");
            assertThat(settings.plain("42")).isEqualTo("plain-1");
        }
        assertThat(settings.calls()).isEqualTo(1);
        assertThat(ttlOf("Plain", "42")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void rampZeroPropertyTurnsTheAnnotationsLayerOff() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.rampedDown("42")).isEqualTo("ramped-1");
            assertThat(settings.rampedDown("42")).isEqualTo("ramped-2");
            assertThat(settings.rampedDown("42")).isEqualTo("ramped-3");
        }
        assertThat(settings.calls()).isEqualTo(3);
    }

    @Test
    void unquotedUseCaseNameWorksToo() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.unquoted("42")).isEqualTo("unquoted-1");
            assertThat(settings.unquoted("42")).isEqualTo("unquoted-2");
        }
        assertThat(settings.calls()).isEqualTo(2);
    }

    @Test
    void ttlPropertyTurnsOnALayerTheAnnotationLeftOff() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.turnedOn("42")).isEqualTo("on-1");
            assertThat(settings.turnedOn("42")).isEqualTo("on-1");
        }
        assertThat(settings.calls()).isEqualTo(1);
        assertThat(ttlOf("TurnedOn", "42")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void zeroTtlPropertyTurnsTheLayerOff() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.turnedOff("42")).isEqualTo("off-1");
            assertThat(settings.turnedOff("42")).isEqualTo("off-2");
        }
        assertThat(settings.calls()).isEqualTo(2);
    }

    @Test
    void defaultUseCaseNameWithItsDotIsConfiguredQuoted() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.byDefaultName("42")).isEqualTo("default-1");
            assertThat(settings.byDefaultName("42")).isEqualTo("default-1");
        }
        assertThat(settings.calls()).isEqualTo(1);
        assertThat(ttlOf("Settings.byDefaultName", "42")).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void keyPrefixIsConfigurable() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(settings.plain("42")).isEqualTo("plain-1");
        }
        assertThat(engine.keyPrefix()).isEqualTo("urn:test");
        assertThat(engine.useCase("Plain").local().entries().keySet())
                .extracting(k -> engine.useCase("Plain").urn(k, engine.keyspace()))
                .containsExactly("{urn:test:user_id:42}#Plain");
        assertThat(settings.calls()).isEqualTo(1);
    }

    private Duration ttlOf(String useCase, String id) {
        LocalEntry entry = engine.useCase(useCase).local().entries().get(id);
        assertThat(entry).as("LOCAL entry of %s for %s", useCase, id).isNotNull();
        return Duration.ofNanos(entry.ttlNanos());
    }

    @ApplicationScoped
    public static class Settings {

        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "Plain", local = @GCached.Layer(ttl = "10m"))
        public String plain(@GCacheId String id) {
            return "plain-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "RampedDown", local = @GCached.Layer(ttl = "1h", ramp = 100))
        public String rampedDown(@GCacheId String id) {
            return "ramped-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Unquoted", local = @GCached.Layer(ttl = "1h"))
        public String unquoted(@GCacheId String id) {
            return "unquoted-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "TurnedOn")
        public String turnedOn(@GCacheId String id) {
            return "on-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "TurnedOff", local = @GCached.Layer(ttl = "1h"))
        public String turnedOff(@GCacheId String id) {
            return "off-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1h"))
        public String byDefaultName(@GCacheId String id) {
            return "default-" + calls.incrementAndGet();
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
