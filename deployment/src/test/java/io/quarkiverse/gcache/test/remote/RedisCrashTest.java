package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Redis crashes (SIGKILL) in the middle of a burst of concurrent cached calls: every call still returns the method's
 * result, none throws, none waits much longer than {@code remote.timeout}; once Redis is back on its port, caching
 * resumes without restarting the application.
 */
class RedisCrashTest {

    static final SharedRedis REDIS = SharedRedis.get(RedisCrashTest.class.getName());

    /** {@code quarkus.gcache.remote.timeout}, the default. The cached methods themselves return at once. */
    static final Duration TIMEOUT = Duration.ofMillis(250);
    /** {@code quarkus.gcache.remote.breaker-delay}, the default. */
    static final Duration BREAKER_DELAY = Duration.ofSeconds(1);
    /** {@code quarkus.gcache.remote.breaker-failures}, the default. */
    static final int BREAKER_FAILURES = 5;
    /**
     * What a call may take beyond the method and the timeout. Generous on purpose: this is a functional bound on
     * failing open (Quarkus' own Redis cache hangs or throws here), not a benchmark, and the machine may be loaded.
     */
    static final Duration MARGIN = Duration.ofSeconds(2);

    static final int THREADS = 16;
    static final int KEYS_PER_THREAD = 20; // 320 distinct ids, each used by one thread only: no shared fills

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class, Item.class, Burst.class, Burst.Call.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Catalog catalog;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        Catalog.RUNS.clear();
    }

    @Test
    void everyCallReturnsTheMethodsResultWhileRedisIsKilledMidBurstAndCachingResumesAfterRestart() throws Exception {
        // Every id in Redis first, so that the burst starts with REMOTE hits.
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            int before = Catalog.totalRuns();
            try (GCacheScope scope = gcache.enable()) {
                for (int t = 0; t < THREADS; t++) {
                    for (int k = 0; k < KEYS_PER_THREAD; k++) {
                        assertThat(catalog.item(id(t, k))).isEqualTo(Item.of(id(t, k)));
                        assertThat(catalog.itemUni(id(t, k)).await().indefinitely()).isEqualTo(Item.of(id(t, k)));
                    }
                }
            }
            assertThat(Catalog.totalRuns()).as("a second pass is served by REMOTE").isEqualTo(before);
        });

        Burst burst;
        try {
            burst = Burst.run(THREADS, 300, 1500, Duration.ofSeconds(3), TIMEOUT, REDIS::stop, this::call);
        } finally {
            REDIS.restart();
        }
        System.out.printf("RedisCrashTest: Redis killed mid-burst: %s%n", burst);
        burst.slowCalls().forEach(c -> System.out.println("  slow: " + c));

        assertThat(burst.errors()).as("failures and wrong values").isEmpty();
        assertThat(burst.worst()).as("the longest call, with remote.timeout %s", TIMEOUT)
                .isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(burst.servedBeforeFault()).as("REMOTE hits before the crash").isPositive();
        assertThat(burst.callsAfterFault()).as("calls while Redis was down").isGreaterThan(100);
        assertThat(burst.servedAfterFault()).as("calls served without running the method while Redis was down")
                .isZero();

        // Back on the same port, empty: REMOTE fills and serves again, in the same application.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (GCacheScope scope = gcache.enable()) {
                assertThat(catalog.item("after")).isEqualTo(Item.of("after"));
                assertThat(catalog.itemUni("after").await().indefinitely()).isEqualTo(Item.of("after"));
                int runs = Catalog.totalRuns();
                assertThat(catalog.item("after")).isEqualTo(Item.of("after"));
                assertThat(catalog.itemUni("after").await().indefinitely()).isEqualTo(Item.of("after"));
                assertThat(Catalog.totalRuns()).as("repeated calls are served by REMOTE").isEqualTo(runs);
            }
        });
        assertThat(REDIS.command("EXISTS", "{urn:gcache:item_id:after}#CrashItem")).isEqualTo(1L);
        assertThat(REDIS.command("EXISTS", "{urn:gcache:item_id:after}#CrashItemUni")).isEqualTo(1L);

        // The invalidation channel, lost with the crash, is subscribed again: LOCAL serves tracked use cases again.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (GCacheScope scope = gcache.enable()) {
                assertThat(catalog.tag("after")).isEqualTo(Item.of("after"));
                int runs = Catalog.runs("tag", "after");
                assertThat(catalog.tag("after")).isEqualTo(Item.of("after"));
                assertThat(Catalog.runs("tag", "after")).as("a repeated call is a LOCAL hit").isEqualTo(runs);
            }
        });
    }

    /**
     * While the breaker is open, a LOCAL hit may be the call that draws the breaker's probe; it never touches Redis,
     * so it must not keep REMOTE off once Redis is back.
     */
    @Test
    void remoteComesBackAfterLocalHitsDuringTheOutage() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(catalog.shelf("s1")).isEqualTo(Item.of("s1"));
        }
        try {
            REDIS.stop();
            try (GCacheScope scope = gcache.enable()) {
                for (int i = 0; i < 2 * BREAKER_FAILURES; i++) {
                    assertThat(catalog.item("down-" + i)).isEqualTo(Item.of("down-" + i)); // opens the breaker
                }
            }
            // The application goes on serving LOCAL hits for longer than the breaker's delay.
            await().pollInterval(Duration.ofMillis(20)).during(BREAKER_DELAY.multipliedBy(2))
                    .atMost(BREAKER_DELAY.multipliedBy(10)).until(() -> {
                        try (GCacheScope scope = gcache.enable()) {
                            return Item.of("s1").equals(catalog.shelf("s1")) && Catalog.runs("shelf", "s1") == 1;
                        }
                    });
        } finally {
            REDIS.restart();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (GCacheScope scope = gcache.enable()) {
                assertThat(catalog.item("back")).isEqualTo(Item.of("back"));
            }
            assertThat(REDIS.command("EXISTS", "{urn:gcache:item_id:back}#CrashItem")).isEqualTo(1L);
        });
    }

    /** One burst call: thread {@code t} uses its own ids, alternating the plain and the {@code Uni} method. */
    private boolean call(int t, int n) {
        String id = id(t, n % KEYS_PER_THREAD);
        boolean uni = (n / KEYS_PER_THREAD) % 2 == 1;
        String method = uni ? "itemUni" : "item";
        int before = Catalog.runs(method, id);
        Item got;
        try (GCacheScope scope = gcache.enable()) {
            got = uni ? catalog.itemUni(id).await().indefinitely() : catalog.item(id);
        }
        assertThat(got).as("%s(%s)", method, id).isEqualTo(Item.of(id));
        return Catalog.runs(method, id) != before;
    }

    private static String id(int thread, int k) {
        return "t" + thread + "-" + k;
    }

    public record Item(String id, String name) {
        static Item of(String id) {
            return new Item(id, "item " + id);
        }
    }

    @ApplicationScoped
    public static class Catalog {
        /** How often each method ran for each id: "method:id". */
        static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

        static int runs(String method, String id) {
            AtomicInteger runs = RUNS.get(method + ":" + id);
            return runs == null ? 0 : runs.get();
        }

        static int totalRuns() {
            return RUNS.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private static Item ran(String method, String id) {
            RUNS.computeIfAbsent(method + ":" + id, k -> new AtomicInteger()).incrementAndGet();
            return Item.of(id);
        }

        /** REMOTE only: every call reads Redis. */
        @GCached(keyType = "item_id", useCase = "CrashItem", remote = @GCached.Layer(ttl = "1h"))
        public Item item(@GCacheId String id) {
            return ran("item", id);
        }

        @GCached(keyType = "item_id", useCase = "CrashItemUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<Item> itemUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> ran("itemUni", id));
        }

        /** LOCAL only, tracked: served only while the invalidation channel is subscribed. */
        @GCached(keyType = "item_id", useCase = "CrashTag", local = @GCached.Layer(ttl = "1h"))
        public Item tag(@GCacheId String id) {
            return ran("tag", id);
        }

        /** LOCAL and REMOTE, untracked: LOCAL keeps serving while Redis is down. */
        @GCached(keyType = "shelf_id", useCase = "CrashShelf", trackForInvalidation = false,
                local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public Item shelf(@GCacheId String id) {
            return ran("shelf", id);
        }
    }
}
