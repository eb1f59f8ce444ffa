package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.control.MutableConfigSource;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Why a layer missed (SPEC §11), on a real redis-server: {@code gcache_miss_counter_total{reason}} is
 * {@code value_absent}, {@code expired} (an entry older than the TTL in force now, though Redis still holds it),
 * {@code watermark_fenced} or {@code unclassified}; every LOCAL miss is {@code value_absent}. An expired REMOTE entry
 * is never served: before, REMOTE relied on Redis's expiry, so an entry written under a longer TTL was served after
 * the TTL was shortened.
 */
class MissReasonsTest {

    static final SharedRedis REDIS = SharedRedis.get(MissReasonsTest.class.getName());
    static final String[] REASONS = { "value_absent", "expired", "watermark_fenced", "unclassified" };

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Reasons.class, RedisClock.class, MutableConfigSource.class)
                    .addAsServiceProvider(ConfigSource.class, MutableConfigSource.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.config-refresh", "100ms")
            // Counts are asserted: a Redis answer slowed by a busy machine must not turn into an error.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Reasons reasons;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        MutableConfigSource.values().clear();
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        await().atMost(Duration.ofSeconds(10)).until(() -> remoteTtl("MrRemote") == Duration.ofHours(1).toNanos());
        REDIS.command("FLUSHALL");
        gcache.flush();
        Reasons.calls.set(0);
        Reasons.version.set(1);
    }

    @AfterEach
    void clear() {
        MutableConfigSource.values().clear();
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void anEntryOlderThanAShortenedRemoteTtlIsAnExpiredMissAndIsNotServed() {
        // STEP 1: an entry written under the 1h TTL.
        assertThat(cached(() -> reasons.remote("1"))).isEqualTo("1@v1");
        String key = "{urn:gcache:user_id:1}#MrRemote";
        String stored = (String) REDIS.command("GET", key);
        long created = Long.parseLong(stored.substring(0, stored.indexOf(':')));
        Reasons.version.set(2);

        // STEP 2: the operator shortens the TTL to 200ms; Redis still holds the entry (its expiry says 1h).
        MutableConfigSource.values().put("quarkus.gcache.use-case.\"MrRemote\".remote.ttl", "200ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> remoteTtl("MrRemote") == Duration.ofMillis(200).toNanos());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> RedisClock.millis(REDIS) > created + 200 && engine.remote().startTime() > created + 200);
        assertThat(REDIS.command("EXISTS", key)).isEqualTo(1L);

        // STEP 3: it is older than the TTL in force now: a miss, the method runs.
        assertThat(cached(() -> reasons.remote("1"))).as("an entry older than the TTL in force now").isEqualTo("1@v2");
        assertThat(Reasons.calls).hasValue(2);
        assertThat(misses("MrRemote", "REMOTE", "expired")).as("only this test lets an entry expire").isEqualTo(1.0);
    }

    @Test
    void anAbsentEntryIsValueAbsentOnLocalAndRemote() {
        double[] local = allMisses("MrBoth", "LOCAL");
        double[] remote = allMisses("MrBoth", "REMOTE");
        cached(() -> reasons.both("2"));
        assertThat(difference(allMisses("MrBoth", "LOCAL"), local)).containsExactly(1.0, 0.0, 0.0, 0.0);
        assertThat(difference(allMisses("MrBoth", "REMOTE"), remote)).containsExactly(1.0, 0.0, 0.0, 0.0);
    }

    @Test
    void anInvalidatedEntryIsWatermarkFencedOnRemoteAndValueAbsentOnLocal() {
        cached(() -> reasons.both("3"));
        double local = misses("MrBoth", "LOCAL", "value_absent");
        double fenced = misses("MrBoth", "REMOTE", "watermark_fenced");
        gcache.invalidate("user_id", "3");
        RedisClock.awaitPast(REDIS, engine, RedisClock.watermark(REDIS, "user_id", "3"));
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:3}#MrBoth")).isEqualTo(1L);

        cached(() -> reasons.both("3"));

        assertThat(Reasons.calls).hasValue(2);
        assertThat(misses("MrBoth", "LOCAL", "value_absent") - local).as("LOCAL dropped it: absent").isEqualTo(1.0);
        assertThat(misses("MrBoth", "REMOTE", "watermark_fenced") - fenced).isEqualTo(1.0);
        assertThat(misses("MrBoth", "LOCAL", "watermark_fenced")).isZero();
    }

    @Test
    void foreignOrMalformedBytesAreUnclassified() {
        double before = misses("MrRemote", "REMOTE", "unclassified");
        REDIS.command("SET", "{urn:gcache:user_id:4}#MrRemote", "not a gcache entry");
        REDIS.command("SET", "{urn:gcache:user_id:5}#MrRemote", System.currentTimeMillis() + ":{not json");
        // a tracked entry without its watermark is stale whatever its bytes (SPEC §15, watermark_fenced): as a writer
        // that never invalidated leaves it, "0", so that the undecodable payload is what the read meets
        REDIS.command("SET", "{urn:gcache:user_id:5}#watermark", "0");

        assertThat(cached(() -> reasons.remote("4"))).isEqualTo("4@v1");
        assertThat(cached(() -> reasons.remote("5"))).isEqualTo("5@v1");

        assertThat(misses("MrRemote", "REMOTE", "unclassified") - before).isEqualTo(2.0);
    }

    @Test
    void aLocalEntryPastItsTtlIsValueAbsent() {
        MutableConfigSource.values().put("quarkus.gcache.use-case.\"MrLocal\".local.ttl", "50ms");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> engine.settings().useCase(engine.useCase("MrLocal").index()).local().ttlNanos() == 50_000_000L);
        double[] before = allMisses("MrLocal", "LOCAL");
        cached(() -> reasons.local("6"));
        int calls = Reasons.calls.get();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> cached(() -> reasons.local("6")) != null && Reasons.calls.get() > calls);
        double[] missed = difference(allMisses("MrLocal", "LOCAL"), before);
        assertThat(missed[0]).as("value_absent").isGreaterThanOrEqualTo(2.0);
        assertThat(missed).as("value_absent, expired, watermark_fenced, unclassified").endsWith(0.0, 0.0, 0.0);
    }

    @Test
    void everyReasonOfEveryLayerIsRegisteredBeforeTheFirstCall() {
        for (String layer : new String[] { "LOCAL", "REMOTE" }) {
            for (String reason : REASONS) {
                assertThat(counter("MrNever", layer, reason)).as("%s %s", layer, reason).isNotNull();
                assertThat(counter("MrNever", layer, reason).count()).isZero();
            }
        }
    }

    private long remoteTtl(String useCase) {
        return engine.settings().useCase(engine.useCase(useCase).index()).remote().ttlNanos();
    }

    /** The layer's misses by reason, in the order of {@link #REASONS}. */
    private double[] allMisses(String useCase, String layer) {
        double[] counts = new double[REASONS.length];
        for (int i = 0; i < REASONS.length; i++) {
            counts[i] = misses(useCase, layer, REASONS[i]);
        }
        return counts;
    }

    private static double[] difference(double[] after, double[] before) {
        double[] d = new double[after.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = after[i] - before[i];
        }
        return d;
    }

    private double misses(String useCase, String layer, String reason) {
        Counter counter = counter(useCase, layer, reason);
        assertThat(counter).as("gcache_miss_counter{use_case=%s,layer=%s,reason=%s}", useCase, layer, reason)
                .isNotNull();
        return counter.count();
    }

    private Counter counter(String useCase, String layer, String reason) {
        return registry.find("gcache_miss_counter").tags("use_case", useCase, "layer", layer, "reason", reason)
                .counter();
    }

    @ApplicationScoped
    public static class Reasons {
        static final AtomicInteger calls = new AtomicInteger();
        static final AtomicInteger version = new AtomicInteger(1);

        private static String answer(String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "MrRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "MrBoth", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String both(@GCacheId String id) {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "MrLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            return answer(id);
        }

        @GCached(keyType = "order_id", useCase = "MrNever", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String never(@GCacheId String id) {
            return answer(id);
        }
    }
}
