package io.quarkiverse.gcache.test.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheFlights;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A hot cold key (issue 14, "Measured"): 1,000 concurrent callers of one key that is in neither layer make one flight,
 * which runs the method once and reads Redis once (counted by Redis itself, in {@code INFO commandstats}); the other
 * 999 wait for it. The method is held until all of them wait, so the flight is one by construction, not by timing.
 */
class HotColdKeyTest {

    static final SharedRedis REDIS = SharedRedis.get(HotColdKeyTest.class.getName());
    static final int CALLERS = 1000;
    static final int ROUNDS = 3;
    static final Duration BOUND = Duration.ofSeconds(120);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Service service;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Test
    void thousandCallersOfAColdKeyMakeOneMethodRunAndOneRedisReadPerFlight() {
        assertTimeoutPreemptively(BOUND, () -> {
            // warm-up on other keys: scripts loaded, the Redis clock estimated (reads are then a plain MGET)
            for (int i = 0; i < 3; i++) {
                service.release();
                enabled("warm-" + i);
            }
            for (int round = 0; round < ROUNDS; round++) {
                String key = "hot-" + round;
                service.hold();
                int runsBefore = service.runs();
                Map<String, Long> before = commandCalls();

                // STEP 1: CALLERS threads, released together, call the cold key; the method waits for the 999 others
                CountDownLatch go = new CountDownLatch(1);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<String> answers = Collections.synchronizedList(new ArrayList<>());
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    Thread t = new Thread(() -> {
                        try {
                            go.await();
                            answers.add(enabled(key));
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    }, "hot-caller-" + i);
                    t.start();
                    threads.add(t);
                }
                go.countDown();
                Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
                        .until(() -> engine.useCase("Hot").followersOf(key) == CALLERS - 1);
                GCacheFlights.UseCaseFlights flights = gcache.inFlight().useCase("Hot");
                assertThat(flights.leaders()).isEqualTo(1);
                assertThat(flights.followers()).isEqualTo(CALLERS - 1);

                // STEP 2: the method answers; every caller has its value
                service.release();
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
                assertThat(failure.get()).isNull();
                assertThat(answers).hasSize(CALLERS).containsOnly("value-" + key + "-" + (runsBefore + 1));

                // STEP 3: one method run, one Redis read (an MGET of entry and watermark), one write (the write script,
                // whose own GET of the watermark and SETs commandstats counts too)
                Map<String, Long> after = commandCalls();
                long reads = delta(before, after, "mget");
                long scripts = delta(before, after, "evalsha") + delta(before, after, "eval");
                Map<String, Long> deltas = new java.util.TreeMap<>();
                after.forEach((c, n) -> {
                    if (delta(before, after, c) != 0) {
                        deltas.put(c, delta(before, after, c));
                    }
                });
                System.out.printf("HotColdKeyTest round %d: %d callers, %d method run(s), %d read(s), %d script call(s); "
                        + "Redis commands: %s%n", round, CALLERS, service.runs() - runsBefore, reads, scripts, deltas);
                assertThat(service.runs() - runsBefore).as("method runs").isEqualTo(1);
                assertThat(reads).as("Redis reads (MGET)").isEqualTo(1);
                assertThat(scripts).as("the one write").isEqualTo(1);
                assertThat(delta(before, after, "get")).as("GETs: the write script's read of the watermark").isEqualTo(1);
                assertThat(delta(before, after, "set")).as("SETs: the write script's, of the entry").isEqualTo(1);
                // the entity's watermark, which this first fill of the entity creates (SPEC §15), by a command no
                // invalidation uses, so that its keyspace notification invalidates nothing
                assertThat(delta(before, after, "setrange")).as("the watermark the first fill creates").isEqualTo(1);
            }
        });
    }

    private String enabled(String key) throws InterruptedException {
        try (GCacheScope scope = gcache.enable()) {
            return service.value(key);
        }
    }

    /** Redis's own count of calls per command ({@code INFO commandstats}). */
    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : ((String) REDIS.command("INFO", "commandstats")).split("\r?\n")) {
            // cmdstat_mget:calls=3,usec=12,...
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
        return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
    }

    @ApplicationScoped
    public static class Service {

        private final AtomicInteger runs = new AtomicInteger();
        private volatile CountDownLatch release = new CountDownLatch(0);

        void hold() {
            release = new CountDownLatch(1);
        }

        void release() {
            release.countDown();
        }

        int runs() {
            return runs.get();
        }

        @GCached(keyType = "item", useCase = "Hot", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String value(@GCacheId String id) throws InterruptedException {
            int run = runs.incrementAndGet();
            release.await(60, TimeUnit.SECONDS);
            return "value-" + id + "-" + run;
        }
    }
}
