package io.quarkiverse.gcache.test.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
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
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Ramped-down warming on a real redis-server (SPEC §12): while a use case's REMOTE ramp is 0, its shadow cohort still
 * reads REMOTE and fills a miss with the caller's own result, unless the entity's watermark fences the fill; an entry
 * already there is compared with the caller's result.
 */
class ShadowWarmingTest {

    static final SharedRedis REDIS = SharedRedis.get(ShadowWarmingTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Warm.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Warm warm;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        Warm.STORE.clear();
        Warm.invalidateWhileRunning = null;
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void aRampedDownUseCaseIsFilledByItsShadowCohortThenCompared() {
        String urn = "{urn:gcache:user_id:7}#Warming";
        double filled = outcome("Warming", "filled");
        double matches = outcome("Warming", "match");
        double mismatches = outcome("Warming", "mismatch");
        double shadowReads = count("gcache_request_counter", "Warming", "layer", "REMOTE_SHADOW");
        // STEP 1: REMOTE serves nobody (ramp 0); the call runs the method, and its result warms Redis
        Warm.STORE.put("7", "v1");
        assertThat(cached(() -> warm.profile("7"))).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "filled") == filled + 1);
        assertThat((String) REDIS.command("GET", urn)).endsWith("\"v1\"");
        assertThat(Warm.runs("7")).isEqualTo(1);
        assertThat(count("gcache_request_counter", "Warming", "layer", "REMOTE")).as("REMOTE served nobody").isZero();
        assertThat(count("gcache_request_counter", "Warming", "layer", "REMOTE_SHADOW")).isEqualTo(shadowReads + 1);

        // STEP 2: the next call still runs the method (REMOTE is ramped down); its result matches the warm entry
        assertThat(cached(() -> warm.profile("7"))).isEqualTo("v1");
        assertThat(Warm.runs("7")).as("the warm entry served nobody").isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "match") == matches + 1);

        // STEP 3: the store changes behind the cache's back: the warm entry is found stale
        Warm.STORE.put("7", "v2");
        assertThat(cached(() -> warm.profile("7"))).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "mismatch") == mismatches + 1);
        assertThat((String) REDIS.command("GET", urn)).as("never repaired").endsWith("\"v1\"");
    }

    @Test
    void anInvalidationBetweenTheReadAndTheFillFencesTheFill() {
        String urn = "{urn:gcache:user_id:8}#Warming";
        double fenced = outcome("Warming", "fill_fenced");
        double filled = outcome("Warming", "filled");
        double shadowReads = count("gcache_request_counter", "Warming", "layer", "REMOTE_SHADOW");
        // The method, called for the caller, waits for the shadow read to have answered, then the entity is
        // invalidated (a writer, while the method runs): the value it returns is older than the watermark.
        Warm.STORE.put("8", "v1");
        Warm.invalidateWhileRunning = () -> {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count("gcache_request_counter", "Warming", "layer", "REMOTE_SHADOW") > shadowReads);
            gcache.invalidate("user_id", "8");
        };
        assertThat(cached(() -> warm.profile("8"))).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "fill_fenced") == fenced + 1);
        assertThat(outcome("Warming", "filled")).isEqualTo(filled);
        assertThat(REDIS.command("EXISTS", urn)).as("no write").isEqualTo(0L);
    }

    @Test
    void anEntryWhoseWatermarkWasEvictedIsStaleSoWarmingFillsOverIt() {
        String urn = "{urn:gcache:user_id:10}#Warming";
        double filled = outcome("Warming", "filled");
        double compared = outcome("Warming", "match") + outcome("Warming", "mismatch");
        Warm.STORE.put("10", "v1");
        assertThat(cached(() -> warm.profile("10"))).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "filled") == filled + 1);
        // Redis evicts the watermark (an invalidation it held may be lost with it): the entry is stale (SPEC §15)
        assertThat(REDIS.command("DEL", "{urn:gcache:user_id:10}#watermark")).isEqualTo(1L);
        Warm.STORE.put("10", "v2");
        double fencedMisses = count("gcache_miss_counter", "Warming", "layer", "REMOTE_SHADOW", "reason",
                "watermark_fenced");
        assertThat(cached(() -> warm.profile("10"))).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "filled") == filled + 2);
        assertThat(count("gcache_miss_counter", "Warming", "layer", "REMOTE_SHADOW", "reason", "watermark_fenced"))
                .as("the shadow read counts the miss, with its reason").isEqualTo(fencedMisses + 1);
        assertThat(outcome("Warming", "match") + outcome("Warming", "mismatch"))
                .as("a stale entry is not compared as a cached value").isEqualTo(compared);
        assertThat((String) REDIS.command("GET", urn)).endsWith("\"v2\"");
    }

    @Test
    void anEntryPastItsTtlThatRedisStillKeepsIsFilledOverNotCompared() {
        String urn = "{urn:gcache:user_id:11}#Warming";
        double filled = outcome("Warming", "filled");
        double compared = outcome("Warming", "match") + outcome("Warming", "mismatch");
        // Kept past the TTL in force (1h), as a stale-on-error max-age or a TTL lowered since the write keeps it
        long twoHoursAgo = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        REDIS.command("SET", "{urn:gcache:user_id:11}#watermark", "0");
        REDIS.command("SET", urn, twoHoursAgo + ":\"v1\"");
        Warm.STORE.put("11", "v2");
        double expiredMisses = count("gcache_miss_counter", "Warming", "layer", "REMOTE_SHADOW", "reason", "expired");
        assertThat(cached(() -> warm.profile("11"))).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("Warming", "filled") == filled + 1);
        assertThat(count("gcache_miss_counter", "Warming", "layer", "REMOTE_SHADOW", "reason", "expired"))
                .as("the shadow read counts the miss, with its reason").isEqualTo(expiredMisses + 1);
        assertThat(outcome("Warming", "match") + outcome("Warming", "mismatch"))
                .as("an expired entry is not compared as a cached value").isEqualTo(compared);
        assertThat((String) REDIS.command("GET", urn)).endsWith("\"v2\"");
    }

    @Test
    void aWarmedEntryOfAStaleOnErrorUseCaseIsKeptForTheMaxAgeAsAnyRemoteWrite() {
        String urn = "{urn:gcache:user_id:12}#WarmingStale";
        double filled = outcome("WarmingStale", "filled");
        Warm.STORE.put("12", "s1");
        assertThat(cached(() -> warm.profileStale("12"))).isEqualTo("s1");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("WarmingStale", "filled") == filled + 1);
        // A REMOTE fill keeps it for the max-age (1h), so that a failure after the TTL (1m) can still recover it
        assertThat((Long) REDIS.command("PTTL", urn)).as("kept for the stale-on-error max-age")
                .isGreaterThan(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void aUniUseCaseWarmsToo() {
        double filled = outcome("WarmingUni", "filled");
        Warm.STORE.put("9", "u1");
        assertThat(cached(() -> warm.profileUni("9").await().atMost(Duration.ofSeconds(10)))).isEqualTo("u1");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("WarmingUni", "filled") == filled + 1);
        assertThat((String) REDIS.command("GET", "{urn:gcache:user_id:9}#WarmingUni")).endsWith("\"u1\"");
    }

    double outcome(String useCase, String outcome) {
        Counter c = registry.find("gcache_shadow_validation_counter").tags("use_case", useCase, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    double count(String name, String useCase, String... tags) {
        Counter c = registry.find(name).tags("use_case", useCase).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @ApplicationScoped
    public static class Warm {
        static final Map<String, String> STORE = new ConcurrentHashMap<>();
        static final Map<String, Integer> RUNS = new ConcurrentHashMap<>();
        static volatile Runnable invalidateWhileRunning;

        @Inject
        GCache gcache;

        static int runs(String id) {
            return RUNS.getOrDefault(id, 0);
        }

        @GCached(keyType = "user_id", useCase = "Warming", remote = @GCached.Layer(ttl = "1h", ramp = 0),
                shadowRamp = 100)
        public String profile(@GCacheId String id) {
            RUNS.merge(id, 1, Integer::sum);
            Runnable during = invalidateWhileRunning;
            if (during != null && gcache.isEnabled()) {
                during.run();
            }
            return STORE.get(id);
        }

        @GCached(keyType = "user_id", useCase = "WarmingStale", remote = @GCached.Layer(ttl = "1m", ramp = 0),
                shadowRamp = 100, staleOnErrorMaxAge = "1h")
        public String profileStale(@GCacheId String id) {
            return STORE.get(id);
        }

        @GCached(keyType = "user_id", useCase = "WarmingUni", remote = @GCached.Layer(ttl = "1h", ramp = 0),
                shadowRamp = 100)
        public Uni<String> profileUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> STORE.get(id));
        }
    }

}
