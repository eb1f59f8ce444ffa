package io.quarkiverse.gcache.test.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
import io.quarkiverse.gcache.GCacheShadowComparator;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;

/**
 * Shadow validation on a real redis-server (SPEC §12): a sampled REMOTE hit is checked in the background against the
 * method run again with caching disabled. The method tells a shadow run from a caller's by {@code isEnabled()} (false
 * inside the shadow run), counts how many run at once, and can be held at a gate.
 */
class ShadowValidationTest {

    static final SharedRedis REDIS = SharedRedis.get(ShadowValidationTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, CaseBlind.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.gcache.shadow.max-in-flight", "2")
            .overrideConfigKey("quarkus.gcache.use-case.\"ShadowProfile\".shadow.log-mismatches", "true")
            // shadow validation configured by a property alone: its series exist from start-up too
            .overrideConfigKey("quarkus.gcache.use-case.\"ShadowIdle\".shadow.ramp", "5")
            .setLogRecordPredicate(r -> r.getLoggerName().endsWith("MismatchLog"))
            .assertLogRecords(ShadowValidationTest::oneWarningPerConfirmedMismatch);

    /** log-mismatches: the one confirmed mismatch of ShadowProfile (its test), with the URN and both values. */
    static void oneWarningPerConfirmedMismatch(List<LogRecord> records) {
        assertThat(records).hasSize(1);
        LogRecord r = records.get(0);
        String message = r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
        assertThat(message).contains("{urn:gcache:user_id:1}#ShadowProfile").contains("cached=\"v1\"")
                .contains("current=\"v2\"");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Profiles profiles;

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
        Profiles.STORE.clear();
        Profiles.gate = new CountDownLatch(0);
        Profiles.shadowEntered = new CountDownLatch(1);
        Profiles.maxShadowRunning.set(0);
    }

    @AfterEach
    void releaseShadowRuns() {
        Profiles.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> Profiles.shadowRunning.get() == 0);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void aValueChangedBehindTheCacheIsAConfirmedMismatchWithItsAge() {
        String urn = "{urn:gcache:user_id:1}#ShadowProfile";
        double mismatches = outcome("ShadowProfile", "mismatch");
        double superseded = outcome("ShadowProfile", "superseded");
        // STEP 1: v1 is cached in REMOTE (a miss: the method runs for the caller, no shadow check)
        long beforeFill = redisMillis();
        Profiles.STORE.put("1", "v1");
        assertThat(cached(() -> profiles.profile("1"))).isEqualTo("v1");
        assertThat(REDIS.command("EXISTS", urn)).isEqualTo(1L);

        // STEP 2: the store changes behind the cache's back (no invalidation); the entry ages past a second
        Profiles.STORE.put("1", "v2");
        await().atMost(Duration.ofSeconds(5)).until(() -> redisMillis() > beforeFill + 1500);

        // STEP 3: a REMOTE hit serves v1 at once; the shadow run finds v2, and C1 the same bytes: a mismatch
        assertThat(cached(() -> profiles.profile("1"))).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("ShadowProfile", "mismatch") == mismatches + 1);
        long afterVerdict = redisMillis();
        assertThat(outcome("ShadowProfile", "superseded")).isEqualTo(superseded);
        assertThat(REDIS.command("EXISTS", urn)).as("the entry is never repaired").isEqualTo(1L);

        // STEP 4: its age: at least the 1.5 s it had when served, at most the time since its fill began
        String metrics = metrics();
        double age = value(metrics, "gcache_shadow_value_age_histogram_sum", "use_case=\"ShadowProfile\"",
                "outcome=\"mismatch\"");
        System.out.println("mismatch age " + age + " s; fill to verdict " + (afterVerdict - beforeFill) + " ms");
        assertThat(age).isBetween(1.5, (afterVerdict - beforeFill) / 1000.0);
        assertThat(value(metrics, "gcache_shadow_value_age_histogram_bucket", "use_case=\"ShadowProfile\"",
                "outcome=\"mismatch\"", "le=\"1.0\"")).isZero();
        assertThat(value(metrics, "gcache_shadow_value_age_histogram_bucket", "use_case=\"ShadowProfile\"",
                "outcome=\"mismatch\"", "le=\"5.0\"")).isEqualTo(1.0);
        // log-mismatches: one WARN, checked when the application stops (oneWarningPerConfirmedMismatch)
    }

    @Test
    void aChangeFollowedByAnInvalidationIsSuperseded() {
        Profiles.STORE.put("2", "v1");
        cached(() -> profiles.profile("2"));
        Profiles.STORE.put("2", "v2");
        double superseded = outcome("ShadowProfile", "superseded");
        double mismatches = outcome("ShadowProfile", "mismatch");

        // STEP 1: the hit serves v1; its shadow run is held at the gate
        Profiles.gate = new CountDownLatch(1);
        assertThat(cached(() -> profiles.profile("2"))).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> Profiles.shadowEntered.getCount() == 0);

        // STEP 2: the writer invalidates the entity, then the shadow run returns v2: C1 finds the entry fenced
        gcache.invalidate("user_id", "2");
        Profiles.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("ShadowProfile", "superseded") == superseded + 1);
        assertThat(outcome("ShadowProfile", "mismatch")).isEqualTo(mismatches);
    }

    @Test
    void anUnchangedValueIsAMatch() {
        Profiles.STORE.put("3", "same");
        double matches = outcome("ShadowProfile", "match");
        double shadowReads = count("gcache_request_counter", "ShadowProfile", "layer", "REMOTE_SHADOW");
        cached(() -> profiles.profile("3"));
        assertThat(cached(() -> profiles.profile("3"))).isEqualTo("same");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("ShadowProfile", "match") == matches + 1);
        assertThat(count("gcache_request_counter", "ShadowProfile", "layer", "REMOTE_SHADOW"))
                .as("a match needs no confirmation read").isEqualTo(shadowReads);
    }

    @Test
    void aUniMethodsRemoteHitIsCheckedToo() {
        Profiles.STORE.put("6", "u1");
        double matches = outcome("ShadowUni", "match");
        double mismatches = outcome("ShadowUni", "mismatch");
        Duration wait = Duration.ofSeconds(10);
        assertThat(cached(() -> profiles.uni("6").await().atMost(wait))).isEqualTo("u1");
        assertThat(cached(() -> profiles.uni("6").await().atMost(wait))).isEqualTo("u1");
        await().atMost(wait).until(() -> outcome("ShadowUni", "match") == matches + 1);
        Profiles.STORE.put("6", "u2");
        assertThat(cached(() -> profiles.uni("6").await().atMost(wait))).isEqualTo("u1");
        await().atMost(wait).until(() -> outcome("ShadowUni", "mismatch") == mismatches + 1);
    }

    @Test
    void aComparatorBeanDecidesEqualityAndOneThatThrowsIsAComparisonError() {
        double matches = outcome("ShadowCompared", "match");
        double errors = outcome("ShadowCompared", "comparison_error");
        // STEP 1: "Alice" then "ALICE": different to equals, the same to the comparator
        Profiles.STORE.put("4", "Alice");
        cached(() -> profiles.compared("4"));
        Profiles.STORE.put("4", "ALICE");
        assertThat(cached(() -> profiles.compared("4"))).isEqualTo("Alice");
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("ShadowCompared", "match") == matches + 1);
        assertThat(outcome("ShadowCompared", "mismatch")).isZero();

        // STEP 2: the comparator throws: comparison_error, and the caller still got its value
        Profiles.STORE.put("4", "boom");
        assertThat(cached(() -> profiles.compared("4"))).isEqualTo("Alice");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> outcome("ShadowCompared", "comparison_error") == errors + 1);
    }

    @Test
    void hotKeysBeyondMaxInFlightAreDroppedAndNeverMoreThanTwoRunAtOnce() {
        for (int i = 0; i < 100; i++) {
            String id = "hot" + i;
            Profiles.STORE.put(id, "v");
            cached(() -> profiles.hot(id));
        }
        double dropped = outcome("ShadowHot", "dropped");
        double matches = outcome("ShadowHot", "match");
        // STEP 1: the shadow runs are held; 100 hot keys are hit, each twice
        Profiles.gate = new CountDownLatch(1);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100; i++) {
                String id = "hot" + i;
                assertThat(cached(() -> profiles.hot(id))).isEqualTo("v");
            }
        }
        // STEP 2: two checks run, the other 198 hits are dropped (a second hit of a running key too)
        await().atMost(Duration.ofSeconds(10)).until(() -> Profiles.shadowRunning.get() == 2);
        assertThat(outcome("ShadowHot", "dropped") - dropped).isEqualTo(198.0);
        Profiles.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("ShadowHot", "match") == matches + 2);
        assertThat(Profiles.maxShadowRunning.get()).isEqualTo(2);
    }

    @Test
    void aSlowShadowRunTimesOutWhileTheCallerReturnedAtOnce() {
        Profiles.STORE.put("5", "v");
        cached(() -> profiles.slow("5"));
        double timeouts = outcome("ShadowSlow", "timeout");
        Profiles.gate = new CountDownLatch(1);
        // STEP 1: the caller gets the hit while its shadow run is still held at the gate
        String served = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> cached(() -> profiles.slow("5")));
        assertThat(served).isEqualTo("v");
        await().atMost(Duration.ofSeconds(10)).until(() -> Profiles.shadowEntered.getCount() == 0);
        assertThat(Profiles.gate.getCount()).as("the shadow run had not returned when the caller had").isEqualTo(1);
        // STEP 2: past the use case's fallback timeout (1s), the check is a timeout; its run was interrupted
        await().atMost(Duration.ofSeconds(10)).until(() -> outcome("ShadowSlow", "timeout") == timeouts + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Profiles.shadowRunning.get() == 0);
        assertThat(outcome("ShadowSlow", "match") + outcome("ShadowSlow", "mismatch")).isZero();
    }

    @Test
    void theShadowSeriesExistFromStartWhereShadowIsConfigured() {
        for (String outcome : List.of("match", "mismatch", "superseded", "filled", "fill_fenced", "fill_error",
                "comparison_error", "confirmation_error", "source_error", "timeout", "dropped")) {
            assertThat(registry.find("gcache_shadow_validation_counter").tags("use_case", "ShadowIdle", "outcome",
                    outcome).counter()).as(outcome).isNotNull();
        }
        String metrics = metrics();
        assertThat(metrics).contains("gcache_shadow_value_age_histogram_bucket{key_type=\"user_id\",outcome=\"match\","
                + "use_case=\"ShadowIdle\",le=\"86400.0\"} 0.0");
        assertThat(registry.find("gcache_request_counter").tags("use_case", "ShadowIdle", "layer", "REMOTE_SHADOW")
                .counter()).isNotNull();
        assertThat(registry.find("gcache_shadow_validation_counter").tags("use_case", "PlainRemote").counter())
                .as("no shadow series for a use case without shadow validation").isNull();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    double outcome(String useCase, String outcome) {
        Counter c = registry.find("gcache_shadow_validation_counter").tags("use_case", useCase, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    double count(String name, String useCase, String... tags) {
        Counter c = registry.find(name).tags("use_case", useCase).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    static long redisMillis() {
        List<?> time = (List<?>) REDIS.command("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the one series of {@code name} whose labels include all of {@code labels}, 0 if none. */
    static double value(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && List.of(labels).stream().allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Equal when equal ignoring case; "boom" makes it throw. */
    @ApplicationScoped
    public static class CaseBlind implements GCacheShadowComparator<String> {
        @Override
        public boolean same(String cached, String current) {
            if ("boom".equals(current)) {
                throw new IllegalStateException("boom");
            }
            return cached.equalsIgnoreCase(current);
        }
    }

    @ApplicationScoped
    public static class Profiles {
        static final Map<String, String> STORE = new ConcurrentHashMap<>();
        static final AtomicInteger shadowRunning = new AtomicInteger();
        static final AtomicInteger maxShadowRunning = new AtomicInteger();
        static volatile CountDownLatch gate = new CountDownLatch(0);
        static volatile CountDownLatch shadowEntered = new CountDownLatch(1);

        @Inject
        GCache gcache;

        /** The store; a shadow run (caching disabled) is counted and waits at the gate. */
        String load(String id) {
            if (!gcache.isEnabled()) {
                maxShadowRunning.accumulateAndGet(shadowRunning.incrementAndGet(), Math::max);
                try {
                    shadowEntered.countDown();
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    shadowRunning.decrementAndGet();
                }
            }
            return STORE.get(id);
        }

        @GCached(keyType = "user_id", useCase = "ShadowProfile", remote = @GCached.Layer(ttl = "1h"), shadowRamp = 100)
        public String profile(@GCacheId String id) {
            return load(id);
        }

        @GCached(keyType = "user_id", useCase = "ShadowCompared", remote = @GCached.Layer(ttl = "1h"),
                shadowRamp = 100, shadowComparator = CaseBlind.class)
        public String compared(@GCacheId String id) {
            return load(id);
        }

        @GCached(keyType = "user_id", useCase = "ShadowHot", remote = @GCached.Layer(ttl = "1h"), shadowRamp = 100)
        public String hot(@GCacheId String id) {
            return load(id);
        }

        @GCached(keyType = "user_id", useCase = "ShadowSlow", remote = @GCached.Layer(ttl = "1h"), shadowRamp = 100,
                fallbackTimeout = "1s")
        public String slow(@GCacheId String id) {
            return load(id);
        }

        @GCached(keyType = "user_id", useCase = "ShadowUni", remote = @GCached.Layer(ttl = "1h"), shadowRamp = 100)
        public Uni<String> uni(@GCacheId String id) {
            return Uni.createFrom().item(() -> load(id));
        }

        @GCached(keyType = "user_id", useCase = "ShadowIdle", remote = @GCached.Layer(ttl = "1h"))
        public String idle(@GCacheId String id) {
            return load(id);
        }

        @GCached(keyType = "user_id", useCase = "PlainRemote", remote = @GCached.Layer(ttl = "1h"))
        public String plain(@GCacheId String id) {
            return load(id);
        }
    }
}
