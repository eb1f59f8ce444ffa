package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
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
 * Redis freezes (SIGSTOP) in the middle of a burst: connections stay open and nothing answers, so only GCache's own
 * timeout bounds a call. Every call returns the method's result within about {@code remote.timeout}; the breaker
 * then skips REMOTE, so calls stop paying the timeout; a value whose REMOTE read failed is never written; and REMOTE
 * comes back by itself when Redis thaws.
 */
class RedisPausedTest {

    static final SharedRedis REDIS = SharedRedis.get(RedisPausedTest.class.getName());

    /** {@code quarkus.gcache.remote.timeout}, the default. The cached methods themselves return at once. */
    static final Duration TIMEOUT = Duration.ofMillis(250);
    /** {@code quarkus.gcache.remote.breaker-delay}, the default. */
    static final Duration BREAKER_DELAY = Duration.ofSeconds(1);
    /** What a call may take beyond the method and the timeout: generous, as in RedisCrashTest. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    static final int THREADS = 16;
    static final int KEYS_PER_THREAD = 20;
    static final int BATCH = 40;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class, Item.class, Burst.class, Burst.Call.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // With the default (24) the Redis client's pool soon refuses further requests at once while Redis is
            // frozen; a long queue leaves every request waiting, so that only GCache's timeout and breaker bound them.
            .overrideConfigKey("quarkus.redis.max-pool-waiting", "100000");

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
    void callsCompleteWhileRedisIsFrozenTheBreakerSkipsItAndRemoteComesBackByItself() throws Exception {
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
        int batchRuns;
        int batchSlow;
        long batchNanos;
        try {
            burst = Burst.run(THREADS, 300, 1500, Duration.ofSeconds(3), TIMEOUT, REDIS::pause, this::call);
            System.out.printf("RedisPausedTest: Redis frozen mid-burst: %s%n", burst);
            burst.slowCalls().forEach(c -> System.out.println("  slow: " + c));

            // The breaker is open by now. Calls one after the other: only the breaker's probes (one per delay) may
            // wait for Redis; without the breaker every one of them would wait the whole timeout.
            int before = Catalog.totalRuns();
            batchSlow = 0;
            long batchStart = System.nanoTime();
            try (GCacheScope scope = gcache.enable()) {
                for (int i = 0; i < BATCH; i++) {
                    String id = "fresh-" + i;
                    long start = System.nanoTime();
                    Item got = i % 2 == 0 ? catalog.item(id) : catalog.itemUni(id).await().indefinitely();
                    if (System.nanoTime() - start >= TIMEOUT.toNanos()) {
                        batchSlow++;
                    }
                    assertThat(got).isEqualTo(Item.of(id));
                }
            }
            batchNanos = System.nanoTime() - batchStart;
            batchRuns = Catalog.totalRuns() - before;
        } finally {
            REDIS.resume();
        }
        System.out.printf("RedisPausedTest: %d calls with the breaker open took %d ms; %d of them waited >= %d ms%n",
                BATCH, Duration.ofNanos(batchNanos).toMillis(), batchSlow, TIMEOUT.toMillis());

        assertThat(burst.errors()).as("failures and wrong values").isEmpty();
        assertThat(burst.worst()).as("the longest call, with remote.timeout %s", TIMEOUT)
                .isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(burst.servedBeforeFault()).as("REMOTE hits before the freeze").isPositive();
        assertThat(burst.callsAfterFault()).as("calls while Redis was frozen").isGreaterThan(100);
        assertThat(burst.servedAfterFault()).as("calls served without running the method while Redis was frozen")
                .isZero();
        assertThat(burst.slowAfterFault()).as("calls that waited for the frozen Redis")
                .isLessThan(burst.callsAfterFault() / 10);

        assertThat(batchRuns).as("the method ran for every call of the batch").isEqualTo(BATCH);
        long probes = batchNanos / BREAKER_DELAY.toNanos() + 1;
        assertThat(batchSlow).as("calls that waited for Redis: at most one probe per breaker delay (+1 for a slow "
                + "machine)").isLessThanOrEqualTo((int) probes + 1);

        // Reads that failed are never followed by a write, not even once Redis answers the requests it had queued.
        await().pollDelay(Duration.ZERO).during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> ((List<?>) REDIS.command("KEYS", "*fresh-*")).isEmpty());

        // REMOTE comes back by itself.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (GCacheScope scope = gcache.enable()) {
                assertThat(catalog.item("back")).isEqualTo(Item.of("back"));
                assertThat(catalog.itemUni("back").await().indefinitely()).isEqualTo(Item.of("back"));
                int runs = Catalog.totalRuns();
                assertThat(catalog.item("back")).isEqualTo(Item.of("back"));
                assertThat(catalog.itemUni("back").await().indefinitely()).isEqualTo(Item.of("back"));
                assertThat(Catalog.totalRuns()).as("repeated calls are served by REMOTE").isEqualTo(runs);
            }
        });
        assertThat(REDIS.command("EXISTS", "{urn:gcache:item_id:back}#PausedItem")).isEqualTo(1L);
        assertThat(REDIS.command("EXISTS", "{urn:gcache:item_id:back}#PausedItemUni")).isEqualTo(1L);
    }

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
        @GCached(keyType = "item_id", useCase = "PausedItem", remote = @GCached.Layer(ttl = "1h"))
        public Item item(@GCacheId String id) {
            return ran("item", id);
        }

        @GCached(keyType = "item_id", useCase = "PausedItemUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<Item> itemUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> ran("itemUni", id));
        }
    }
}
