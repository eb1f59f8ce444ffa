package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/**
 * SPEC §7 on {@code /q/metrics}: a scripted sequence of hits, misses, a REMOTE hit, disabled calls, an error and an
 * invalidation gives exactly the expected samples, with the Python GCache's names, labels and buckets; a declared use
 * case never called has its series at 0; and the exposition passes {@code promtool check metrics}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    static final SharedRedis REDIS = SharedRedis.get(MetricsTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Scripted.class, Query.class, QueryAdapter.class,
                    Unencodable.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    /** Label sets, as the exposition writes them (names in alphabetical order): layer, then an optional label. */
    private static final String PROFILE = "key_type=\"user_id\",layer=\"%s\",%suse_case=\"MetProfile\"";
    private static final String NEVER = "key_type=\"order_id\",layer=\"%s\",%suse_case=\"MetNever\"";
    private static final String[] MISS_REASONS = { "value_absent", "expired", "watermark_fenced", "unclassified" };
    private static final String[] REASONS = { "context", "ramped_down", "missing_config", "config_error", "server_down" };
    private static final String[] TIME_BUCKETS = { "0.001", "0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25",
            "0.5", "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "+Inf" };
    private static final String[] SIZE_BUCKETS = { "100.0", "1000.0", "10000.0", "100000.0", "1000000.0", "1.0E7",
            "+Inf" };

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Scripted scripted;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Test
    @Order(1)
    void aScriptedSequenceGivesExactlyTheExpectedSamples() {
        // A fill before the subscription is up would be dropped when it comes up: wait for it.
        await().atMost(Duration.ofSeconds(15)).until(engine::invalidationsLive);
        REDIS.command("SET", "{urn:gcache:user_id:3}#MetProfile", System.currentTimeMillis() + ":\"stored 3\"");
        REDIS.command("SET", "{urn:gcache:user_id:3}#watermark", "0"); // a tracked entry without one is stale

        try (GCacheScope scope = gcache.enable()) {
            assertThat(scripted.profile("1")).isEqualTo("profile 1"); // LOCAL miss, REMOTE miss, method, REMOTE write
            assertThat(scripted.profile("1")).isEqualTo("profile 1"); // LOCAL hit
            assertThat(scripted.profile("2")).isEqualTo("profile 2"); // LOCAL miss, REMOTE miss, method, REMOTE write
            assertThat(scripted.profile("3")).isEqualTo("stored 3"); // LOCAL miss, REMOTE hit (load)
            assertThat(scripted.ramped("1")).isEqualTo("ramped 1"); // LOCAL ramped down, REMOTE missing config
            assertThat(scripted.search("1", new Query("boom"))).isEqualTo("search boom"); // the adapter throws
            assertThat(scripted.unencodable("1").name).isEqualTo("1"); // REMOTE write cannot encode
        }
        assertThat(scripted.profile("1")).isEqualTo("profile 1"); // outside a scope
        gcache.invalidate("user_id", "1");
        assertThat(Scripted.calls).as("profile 3 came from REMOTE").hasValue(6);

        String body = metrics();
        System.out.println("---- gcache_ lines of /q/metrics after the scripted sequence ----");
        body.lines().filter(l -> l.contains("gcache_")).forEach(System.out::println);
        System.out.println("----");

        // counters
        assertSample(body, "gcache_request_counter_total", PROFILE.formatted("LOCAL", ""), "4");
        assertMisses(body, PROFILE, "LOCAL", "3");
        assertSample(body, "gcache_request_counter_total", PROFILE.formatted("REMOTE", ""), "3");
        assertMisses(body, PROFILE, "REMOTE", "2");
        assertNoSample(body, "gcache_request_counter_total", PROFILE.formatted("GLOBAL", ""));
        for (String layer : List.of("GLOBAL", "LOCAL", "REMOTE")) {
            for (String reason : REASONS) {
                String value = layer.equals("GLOBAL") && reason.equals("context") ? "1" : "0";
                assertSample(body, "gcache_disabled_counter_total", PROFILE.formatted(layer, "reason=\"" + reason + "\","),
                        value);
            }
        }
        assertSample(body, "gcache_disabled_counter_total",
                "key_type=\"user_id\",layer=\"LOCAL\",reason=\"ramped_down\",use_case=\"MetRamped\"", "1");
        assertSample(body, "gcache_disabled_counter_total",
                "key_type=\"user_id\",layer=\"REMOTE\",reason=\"missing_config\",use_case=\"MetRamped\"", "1");
        assertSample(body, "gcache_disabled_counter_total",
                "key_type=\"user_id\",layer=\"REMOTE\",reason=\"missing_config\",use_case=\"MetSearch\"", "1");
        assertSample(body, "gcache_error_counter_total", "error=\"IllegalArgumentException\",in_fallback=\"False\","
                + "key_type=\"user_id\",layer=\"GLOBAL\",use_case=\"MetSearch\"", "1");
        assertSample(body, "gcache_error_counter_total", "error=\"JsonMappingException\",in_fallback=\"True\","
                + "key_type=\"user_id\",layer=\"REMOTE\",use_case=\"MetUnencodable\"", "1");
        assertThat(body.lines().filter(l -> l.startsWith("gcache_error_counter_total{")).count())
                .as("only the two errors of the script").isEqualTo(2);
        assertSample(body, "gcache_invalidation_counter_total", "key_type=\"user_id\",layer=\"LOCAL\"", "1");
        assertSample(body, "gcache_invalidation_counter_total", "key_type=\"user_id\",layer=\"REMOTE\"", "1");
        assertSample(body, "gcache_invalidation_counter_total", "key_type=\"order_id\",layer=\"LOCAL\"", "0");
        assertSample(body, "gcache_invalidation_counter_total", "key_type=\"order_id\",layer=\"REMOTE\"", "0");

        // histograms: counts, and the Python library's buckets
        assertHistogram(body, "gcache_get_timer", PROFILE.formatted("LOCAL", ""), TIME_BUCKETS, "4");
        assertHistogram(body, "gcache_get_timer", PROFILE.formatted("REMOTE", ""), TIME_BUCKETS, "3");
        assertHistogram(body, "gcache_fallback_timer", PROFILE.formatted("LOCAL", ""), TIME_BUCKETS, "0");
        assertHistogram(body, "gcache_fallback_timer", PROFILE.formatted("REMOTE", ""), TIME_BUCKETS, "2");
        assertHistogram(body, "gcache_serialization_timer", PROFILE.formatted("REMOTE", "operation=\"dump\","),
                TIME_BUCKETS, "2");
        assertHistogram(body, "gcache_serialization_timer", PROFILE.formatted("REMOTE", "operation=\"load\","),
                TIME_BUCKETS, "1");
        assertHistogram(body, "gcache_size_histogram", PROFILE.formatted("REMOTE", ""), SIZE_BUCKETS, "2");
        // the spread: a LOCAL lookup (a Caffeine read, microseconds) is counted in the 1 ms bucket, not rounded up to 1 s;
        // at least one of the four, should a pause of the machine stretch the others
        assertSpread(body, "gcache_get_timer", PROFILE.formatted("LOCAL", ""), 4);
        // both entries ("profile 1", "profile 2" with their creation time) are under 100 bytes
        assertSample(body, "gcache_size_histogram_bucket", PROFILE.formatted("REMOTE", "") + ",le=\"100.0\"", "2");

        // a declared use case never called: every series at 0
        for (String layer : List.of("LOCAL", "REMOTE")) {
            assertSample(body, "gcache_request_counter_total", NEVER.formatted(layer, ""), "0");
            assertMisses(body, NEVER, layer, "0");
            assertHistogram(body, "gcache_get_timer", NEVER.formatted(layer, ""), TIME_BUCKETS, "0");
            assertHistogram(body, "gcache_fallback_timer", NEVER.formatted(layer, ""), TIME_BUCKETS, "0");
        }
        for (String layer : List.of("GLOBAL", "LOCAL", "REMOTE")) {
            for (String reason : REASONS) {
                assertSample(body, "gcache_disabled_counter_total", NEVER.formatted(layer, "reason=\"" + reason + "\","),
                        "0");
            }
        }
        for (String operation : List.of("dump", "load")) {
            assertHistogram(body, "gcache_serialization_timer",
                    NEVER.formatted("REMOTE", "operation=\"" + operation + "\","), TIME_BUCKETS, "0");
        }
        assertHistogram(body, "gcache_size_histogram", NEVER.formatted("REMOTE", ""), SIZE_BUCKETS, "0");
        assertThat(body).doesNotContain("gcache_error_counter_total{error=\"IllegalArgumentException\",in_fallback=\"False\",key_type=\"order_id\"");
    }

    /**
     * {@code promtool check metrics} on GCache's families: the exposition parses, and the only lint findings are those
     * the SPEC's Python names cause: the type in the name ({@code _counter}, {@code _histogram}) and, since the
     * registry writes a counter's HELP under the family name without {@code _total}, "no help text" for counters.
     * (The whole {@code /q/metrics} does not parse for promtool: Micrometer's own JVM meters escape quotes in HELP.)
     */
    @Test
    @Order(2)
    void gcacheFamiliesPassPromtool() throws Exception {
        Path promtool = onPath("promtool");
        assertThat(promtool).as("promtool is not on PATH: install the Debian package prometheus (promtool)").isNotNull();
        String gcache = metrics().lines().filter(l -> l.startsWith("gcache_") || l.startsWith("# TYPE gcache_")
                || l.startsWith("# HELP gcache_")).collect(Collectors.joining("\n", "", "\n"));
        // kept in target/ for a look when promtool complains
        Path exposition = Path.of("target", "metrics-test-exposition.prom");
        Files.createDirectories(exposition.getParent());
        Files.writeString(exposition, gcache);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(exposition.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("---- promtool check metrics (exit " + p.exitValue() + ") ----\n" + out + "----");
        Pattern expected = Pattern.compile("gcache_\\w+_counter_total metric name should not include type 'counter'"
                + "|gcache_size_histogram(_max)? metric name should not include type 'histogram'"
                + "|gcache_\\w+_counter_total no help text");
        assertThat(out.lines().filter(l -> !expected.matcher(l).matches()))
                .as("promtool findings other than the SPEC's names").isEmpty();
        assertThat(p.exitValue()).as("0, or 3 for lint findings; anything else is an error").isIn(0, 3);
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    private static String metrics() {
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** One sample line, exactly: {@code name{labels} value}, the value written as an integer or with ".0". */
    private static void assertSample(String body, String name, String labels, String value) {
        Pattern line = Pattern.compile(Pattern.quote(name + "{") + labels.replace("{", "\\{") + Pattern.quote("}") + " "
                + Pattern.quote(value) + "(\\.0)?");
        assertThat(body.lines().filter(l -> line.matcher(l).matches()).count())
                .as("%s{%s} %s in\n%s", name, labels, value, relevant(body, name)).isEqualTo(1);
    }

    /** The misses of a layer, all {@code value_absent} in this script, and every other reason's series at 0. */
    private static void assertMisses(String body, String labels, String layer, String absent) {
        for (String reason : MISS_REASONS) {
            assertSample(body, "gcache_miss_counter_total", labels.formatted(layer, "reason=\"" + reason + "\","),
                    reason.equals("value_absent") ? absent : "0");
        }
    }

    private static void assertNoSample(String body, String name, String labels) {
        assertThat(body.lines().filter(l -> l.startsWith(name + "{" + labels + "}")).count()).isZero();
    }

    /** The histogram's buckets (exactly these {@code le}), its count, and a sum line. */
    private static void assertHistogram(String body, String name, String labels, String[] buckets, String count) {
        List<String> les = body.lines().filter(l -> l.startsWith(name + "_bucket{" + labels + ",le=\""))
                .map(l -> l.substring(l.indexOf(",le=\"") + 5, l.lastIndexOf('"'))).collect(Collectors.toList());
        assertThat(les).as("buckets of %s{%s}", name, labels).containsExactly(buckets);
        assertSample(body, name + "_bucket", labels + ",le=\"\\+Inf\"", count);
        assertSample(body, name + "_count", labels, count);
        assertThat(body.lines().filter(l -> l.startsWith(name + "_sum{" + labels + "} ")).count()).isEqualTo(1);
    }

    /**
     * The histogram's buckets are cumulative up to its count, and at least one of its {@code count} observations is in
     * the first bucket, {@code le="0.001"}.
     */
    private static void assertSpread(String body, String name, String labels, int count) {
        String prefix = name + "_bucket{" + labels + ",le=\"";
        List<Double> cumulative = body.lines().filter(l -> l.startsWith(prefix))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).collect(Collectors.toList());
        assertThat(cumulative).as("buckets of %s{%s}", name, labels).hasSize(TIME_BUCKETS.length).isSorted();
        assertThat(cumulative.get(cumulative.size() - 1)).isEqualTo((double) count);
        assertThat(body.lines().filter(l -> l.startsWith(prefix + "0.001\"} ")).findFirst())
                .as("%s{%s,le=\"0.001\"} in\n%s", name, labels, relevant(body, name))
                .hasValueSatisfying(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .isBetween(1.0, (double) count));
    }

    private static String relevant(String body, String name) {
        return body.lines().filter(l -> l.startsWith(name)).collect(Collectors.joining("\n"));
    }

    public record Query(String text) {
    }

    /** Fails on the query "boom", as a buggy adapter would. */
    public static class QueryAdapter implements GCacheKeyAdapter<Query> {
        @Override
        public String adapt(Query value) {
            if (value.text().equals("boom")) {
                throw new IllegalArgumentException("cannot adapt " + value);
            }
            return value.text();
        }
    }

    /** Jackson cannot write it: its getter throws. */
    public static class Unencodable {
        public final String name;

        public Unencodable(String name) {
            this.name = name;
        }

        public String getBroken() {
            throw new IllegalStateException("not serializable");
        }
    }

    @ApplicationScoped
    public static class Scripted {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "MetProfile", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            calls.incrementAndGet();
            return "profile " + id;
        }

        @GCached(keyType = "user_id", useCase = "MetRamped", local = @GCached.Layer(ttl = "1h", ramp = 0))
        public String ramped(@GCacheId String id) {
            calls.incrementAndGet();
            return "ramped " + id;
        }

        @GCached(keyType = "user_id", useCase = "MetSearch", local = @GCached.Layer(ttl = "1h"))
        public String search(@GCacheId String id, @GCacheArg(adapter = QueryAdapter.class) Query query) {
            calls.incrementAndGet();
            return "search " + query.text();
        }

        @GCached(keyType = "user_id", useCase = "MetUnencodable", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public Unencodable unencodable(@GCacheId String id) {
            calls.incrementAndGet();
            return new Unencodable(id);
        }

        @GCached(keyType = "order_id", useCase = "MetNever", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String never(@GCacheId String id) {
            calls.incrementAndGet();
            return "never " + id;
        }
    }
}
