package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;

/**
 * Stale on error (SPEC §13) on a real redis-server. Entries are written straight into Redis with a creation time in
 * the past, so an entry between the TTL (2s) and the max-age (1h) exists at once: when the method then fails with an
 * exception the policy accepts, the call returns the entry's value, counted {@code served}; anything else propagates
 * the method's own exception. A recovered value is never written to Redis or LOCAL.
 */
class StaleOnErrorTest {

    static final SharedRedis REDIS = SharedRedis.get(StaleOnErrorTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Source.class, DbTimeout.class, RedisClock.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.use-case.\"SoeConfigured\".stale-on-error.max-age", "1h")
            .overrideConfigKey("quarkus.gcache.use-case.\"SoeConfigured\".stale-on-error.on",
                    "java.lang.IllegalStateException")
            // Counts are asserted: a Redis answer slowed by a busy machine must not turn into a skipped read.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Source source;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Source.failure = null;
        Source.calls.set(0);
    }

    <T> T cached(Callable<T> call) throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            return call.call();
        }
    }

    /** An entry of {@code useCase} created {@code ageMillis} ago on the Redis clock, with its entity's watermark at 0. */
    static String seed(String useCase, String id, long ageMillis, String json) {
        String key = "{urn:gcache:user_id:" + id + "}#" + useCase;
        String entry = (RedisClock.millis(REDIS) - ageMillis) + ":" + json;
        REDIS.command("SET", key, entry);
        REDIS.command("SET", "{urn:gcache:user_id:" + id + "}#watermark", "0");
        return entry;
    }

    // ---- the listed exceptions recover; everything else propagates -----------------------------------------

    @Test
    void aListedExceptionReturnsTheEntryBetweenTtlAndMaxAgeAndWritesNothingBack() throws Exception {
        String entry = seed("SoeSync", "1", 5_000, "\"old 1\"");
        double served = outcome("SoeSync", "served");
        double ages = ageCount("SoeSync");
        Source.failure = new TimeoutException("the database did not answer");

        assertThat(cached(() -> source.sync("1"))).isEqualTo("old 1");

        assertThat(outcome("SoeSync", "served") - served).isEqualTo(1.0);
        assertThat(ageCount("SoeSync") - ages).as("one served age observed").isEqualTo(1.0);
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:1}#SoeSync")).as("not written back").isEqualTo(entry);

        // STEP 2: the source is back: LOCAL did not keep the stale value, REMOTE's entry is still past its TTL.
        Source.failure = null;
        assertThat(cached(() -> source.sync("1"))).isEqualTo("new 1");
        assertThat(Source.calls).hasValue(2);
    }

    @Test
    void aSubclassOfAListedExceptionAnywhereInTheCauseChainRecovers() throws Exception {
        seed("SoeSync", "2", 5_000, "\"old 2\"");
        Source.failure = new IllegalStateException("wrapped", new DbTimeout());
        assertThat(cached(() -> source.sync("2"))).isEqualTo("old 2");

        seed("SoeSync", "3", 5_000, "\"old 3\"");
        Source.failure = new RuntimeException(new IOException("connection reset"));
        assertThat(cached(() -> source.sync("3"))).isEqualTo("old 3");
    }

    @Test
    void anUnlistedExceptionPropagatesUnchanged() throws Exception {
        seed("SoeSync", "4", 5_000, "\"old 4\"");
        double[] before = outcomes("SoeSync");
        IllegalArgumentException thrown = new IllegalArgumentException("no such user");
        Source.failure = thrown;

        assertThatThrownBy(() -> cached(() -> source.sync("4"))).isSameAs(thrown);
        assertThat(outcomes("SoeSync")).as("a denied failure has no outcome").containsExactly(before);
    }

    @Test
    void anEntryOlderThanTheMaxAgeIsNotReturned() throws Exception {
        seed("SoeShortAge", "5", 60_000, "\"old 5\""); // ttl 1s, max-age 10s
        double miss = outcome("SoeShortAge", "miss");
        TimeoutException thrown = new TimeoutException("the database did not answer");
        Source.failure = thrown;

        assertThatThrownBy(() -> cached(() -> source.shortAge("5"))).isSameAs(thrown);
        assertThat(outcome("SoeShortAge", "miss") - miss).isEqualTo(1.0);
    }

    @Test
    void anInvalidatedEntryIsNeverReturned() throws Exception {
        seed("SoeSync", "6", 5_000, "\"old 6\"");
        gcache.invalidate("user_id", "6");
        RedisClock.awaitPast(REDIS, engine, RedisClock.watermark(REDIS, "user_id", "6"));
        double miss = outcome("SoeSync", "miss");
        TimeoutException thrown = new TimeoutException("the database did not answer");
        Source.failure = thrown;

        assertThatThrownBy(() -> cached(() -> source.sync("6"))).isSameAs(thrown);
        assertThat(outcome("SoeSync", "miss") - miss).as("fenced: no candidate").isEqualTo(1.0);
    }

    @Test
    void nothingKeptIsAMissAndTheExceptionPropagates() throws Exception {
        double miss = outcome("SoeSync", "miss");
        IOException thrown = new IOException("down");
        Source.failure = thrown;
        assertThatThrownBy(() -> cached(() -> source.sync("7"))).isSameAs(thrown);
        assertThat(outcome("SoeSync", "miss") - miss).isEqualTo(1.0);
    }

    @Test
    void aKeptValueThatCannotBeDecodedIsADeserializationErrorAndTheExceptionPropagates() throws Exception {
        seed("SoeSync", "8", 5_000, "{\"not\":\"a string\"}");
        double errors = outcome("SoeSync", "deserialization_error");
        TimeoutException thrown = new TimeoutException("the database did not answer");
        Source.failure = thrown;

        assertThatThrownBy(() -> cached(() -> source.sync("8"))).isSameAs(thrown);
        assertThat(outcome("SoeSync", "deserialization_error") - errors).isEqualTo(1.0);
    }

    @Test
    void theConfiguredPolicyAndMaxAgeApplyToAUseCaseWithoutTheAnnotation() throws Exception {
        seed("SoeConfigured", "9", 5_000, "\"old 9\"");
        Source.failure = new IllegalStateException("listed in stale-on-error.on");
        assertThat(cached(() -> source.configured("9"))).isEqualTo("old 9");

        seed("SoeConfigured", "10", 5_000, "\"old 10\"");
        TimeoutException thrown = new TimeoutException("not listed any more: on replaces the default");
        Source.failure = thrown;
        assertThatThrownBy(() -> cached(() -> source.configured("10"))).isSameAs(thrown);
    }

    // ---- what is kept in Redis ----------------------------------------------------------------------------

    @Test
    void entriesAreKeptInRedisForTheMaxAgeAndServedFreshOnlyWithinTheTtl() throws Exception {
        assertThat(cached(() -> source.sync("11"))).isEqualTo("new 11");
        long pttl = (Long) REDIS.command("PTTL", "{urn:gcache:user_id:11}#SoeSync");
        assertThat(pttl).as("kept for the max-age (1h), not the ttl (2s)")
                .isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
        assertThat(cached(() -> source.sync("11"))).isEqualTo("new 11");
        assertThat(Source.calls).as("LOCAL or REMOTE hit").hasValue(1);
    }

    // ---- Uni and CompletionStage --------------------------------------------------------------------------

    @Test
    void aUniThatFailsWithAListedExceptionRecovers() throws Exception {
        String entry = seed("SoeUni", "12", 5_000, "\"old 12\"");
        Source.failure = new TimeoutException("slow");
        assertThat(cached(() -> source.uni("12")).await().atMost(Duration.ofSeconds(10))).isEqualTo("old 12");
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:12}#SoeUni")).isEqualTo(entry);

        IllegalArgumentException thrown = new IllegalArgumentException("no such user");
        Source.failure = thrown;
        assertThatThrownBy(() -> cached(() -> source.uni("12")).await().atMost(Duration.ofSeconds(10))).isSameAs(thrown);

        Source.failure = null;
        assertThat(cached(() -> source.uni("12")).await().atMost(Duration.ofSeconds(10))).isEqualTo("new 12");
    }

    @Test
    void aCompletionStageThatFailsWithAListedExceptionRecovers() throws Exception {
        String entry = seed("SoeStage", "13", 5_000, "\"old 13\"");
        Source.failure = new TimeoutException("slow");
        assertThat(cached(() -> source.stage("13")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo("old 13");
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:13}#SoeStage")).isEqualTo(entry);

        IllegalArgumentException thrown = new IllegalArgumentException("no such user");
        Source.failure = thrown;
        assertThatThrownBy(() -> cached(() -> source.stage("13")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(thrown);
    }

    // ---- metrics --------------------------------------------------------------------------------------------

    @Test
    void theRecoverySeriesExistFromTheStartWhereStaleOnErrorIsConfiguredOnly() {
        String body = metrics();
        for (String outcome : new String[] { "served", "miss", "deserialization_error" }) {
            assertThat(sample(body, "gcache_stale_recovery_counter_total", "SoeShortAge", "outcome=\"" + outcome + "\","))
                    .as(outcome).isNotNull();
            assertThat(sample(body, "gcache_stale_recovery_counter_total", "SoeConfigured",
                    "outcome=\"" + outcome + "\",")).as(outcome).isNotNull();
        }
        assertThat(body).contains("gcache_stale_recovery_value_age_histogram_bucket{key_type=\"user_id\","
                + "use_case=\"SoeStage\",le=\"86400.0\"}");
        assertThat(body).as("SoePlain has the other series").contains("use_case=\"SoePlain\"");
        assertThat(body.lines().filter(l -> l.startsWith("gcache_stale_recovery") && l.contains("SoePlain")))
                .isEmpty();
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A counter's value, or {@code null} when the series does not exist. */
    private static Double sample(String body, String name, String useCase, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{key_type=\"user_id\"," + labels + "use_case=\""
                + useCase + "\"} ") + "(\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    private static double outcome(String useCase, String outcome) {
        Double value = sample(metrics(), "gcache_stale_recovery_counter_total", useCase,
                "outcome=\"" + outcome + "\",");
        assertThat(value).as("gcache_stale_recovery_counter_total{use_case=%s,outcome=%s}", useCase, outcome)
                .isNotNull();
        return value;
    }

    private static double[] outcomes(String useCase) {
        return new double[] { outcome(useCase, "served"), outcome(useCase, "miss"),
                outcome(useCase, "deserialization_error") };
    }

    private static double ageCount(String useCase) {
        Double value = sample(metrics(), "gcache_stale_recovery_value_age_histogram_count", useCase, "");
        assertThat(value).as("age histogram of %s", useCase).isNotNull();
        return value;
    }

    /** A subclass of a listed exception, which the policy matches by its superclass's name. */
    public static class DbTimeout extends TimeoutException {
        public DbTimeout() {
            super("db timeout");
        }
    }

    @ApplicationScoped
    public static class Source {
        static volatile Throwable failure;
        static final AtomicInteger calls = new AtomicInteger();

        private static String answer(String id) throws Exception {
            calls.incrementAndGet();
            Throwable t = failure;
            if (t instanceof Exception e) {
                throw e;
            }
            return "new " + id;
        }

        @GCached(keyType = "user_id", useCase = "SoeSync", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "2s"), staleOnErrorMaxAge = "1h")
        public String sync(@GCacheId String id) throws Exception {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "SoeShortAge", remote = @GCached.Layer(ttl = "1s"),
                staleOnErrorMaxAge = "10s")
        public String shortAge(@GCacheId String id) throws Exception {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "SoeConfigured", remote = @GCached.Layer(ttl = "2s"))
        public String configured(@GCacheId String id) throws Exception {
            return answer(id);
        }

        @GCached(keyType = "user_id", useCase = "SoeUni", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "2s"), staleOnErrorMaxAge = "1h")
        public Uni<String> uni(@GCacheId String id) {
            return Uni.createFrom().deferred(() -> {
                try {
                    return Uni.createFrom().item(answer(id));
                } catch (Exception e) {
                    return Uni.createFrom().failure(e);
                }
            });
        }

        @GCached(keyType = "user_id", useCase = "SoeStage", remote = @GCached.Layer(ttl = "2s"),
                staleOnErrorMaxAge = "1h")
        public CompletionStage<String> stage(@GCacheId String id) {
            try {
                return CompletableFuture.completedFuture(answer(id));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @GCached(keyType = "user_id", useCase = "SoePlain", remote = @GCached.Layer(ttl = "2s"))
        public String plain(@GCacheId String id) throws Exception {
            return answer(id);
        }
    }
}
