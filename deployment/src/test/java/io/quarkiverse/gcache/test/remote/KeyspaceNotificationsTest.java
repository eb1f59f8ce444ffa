package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;

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

/**
 * SPEC §15, any writer reaches LOCAL: a watermark set by a plain Redis client, as the Python GCache sets it
 * ({@code SET {urn:gcache:user_id:1}#watermark <ms>}), with no message on the invalidation channel, drops this
 * process's LOCAL entries of the entity through Redis keyspace notifications, which
 * {@code quarkus.gcache.remote.enable-keyspace-events=true} switched on at start.
 */
class KeyspaceNotificationsTest {

    static final SharedRedis REDIS = SharedRedis.get(KeyspaceNotificationsTest.class.getName());
    /** The propagation bound the guide states for LOCAL. */
    static final Duration BOUND = Duration.ofSeconds(5);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, RedisClock.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.remote.enable-keyspace-events", "true")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.INFO.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> String.format(r.getMessage(), r.getParameters()))
                        .filter(m -> m.contains("keyspace notifications")).toList();
                assertThat(lines).anySatisfy(m -> assertThat(m).startsWith("GCache switched on keyspace "
                        + "notifications (notify-keyspace-events=K$)"));
                assertThat(lines).anySatisfy(m -> assertThat(m).startsWith("GCache drops LOCAL entries on "
                        + "invalidations from the channel urn:gcache:invalidations and on keyspace notifications of "
                        + "watermark keys (__keyspace@0__:{urn:gcache:*}#watermark; notify-keyspace-events="));
            });

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    // Each test uses ids of its own: a future buffer learnt from a notification lasts beyond its test.
    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Users.version.set(1);
        Users.calls.set(0);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void theServerSendsKeyspaceNotificationsOfStrings() {
        String flags = ((List<?>) REDIS.command("CONFIG", "GET", "notify-keyspace-events")).get(1).toString();
        assertThat(flags).contains("K").containsAnyOf("$", "A");
    }

    @Test
    void aWatermarkSetByAPlainClientDropsTheLocalEntryWithoutAnyPublish() {
        assertThat(cached(() -> users.user("1"))).isEqualTo("1@v1");
        assertThat(cached(() -> users.user("2"))).isEqualTo("2@v1");
        assertThat(cached(() -> users.user("1"))).isEqualTo("1@v1");
        assertThat(Users.calls).hasValue(2);
        Users.version.set(2);
        long published = published();

        REDIS.command("SET", "{urn:gcache:user_id:1}#watermark", Long.toString(RedisClock.millis(REDIS)));

        await().atMost(BOUND).untilAsserted(() -> assertThat(cached(() -> users.user("1"))).isEqualTo("1@v2"));
        assertThat(published()).as("PUBLISH commands Redis ran").isEqualTo(published);
        // the other entity keeps its entry
        assertThat(cached(() -> users.user("2"))).isEqualTo("2@v1");
        assertThat(Users.calls).hasValue(3);
    }

    @Test
    void aZeroWatermarkInvalidatesNothing() {
        cached(() -> users.user("3"));
        cached(() -> users.user("4"));
        Users.version.set(2);

        REDIS.command("SET", "{urn:gcache:user_id:3}#watermark", "0");
        REDIS.command("SET", "{urn:gcache:user_id:4}#watermark", Long.toString(RedisClock.millis(REDIS)));

        await().atMost(BOUND).untilAsserted(() -> assertThat(cached(() -> users.user("4"))).isEqualTo("4@v2"));
        assertThat(cached(() -> users.user("3"))).isEqualTo("3@v1");
        assertThat(Users.calls).hasValue(3);
    }

    @Test
    void aWatermarkInTheFutureKeepsTheEntityOutOfLocalUntilItPasses() {
        cached(() -> users.user("5"));
        Users.version.set(2);

        REDIS.command("SET", "{urn:gcache:user_id:5}#watermark", Long.toString(RedisClock.millis(REDIS) + 60_000));

        await().atMost(BOUND).untilAsserted(() -> assertThat(cached(() -> users.user("5"))).isEqualTo("5@v2"));
        int calls = Users.calls.get();
        // the buffer runs: whatever is read now may be stale, so LOCAL keeps nothing of the entity
        Users.version.set(3);
        assertThat(cached(() -> users.user("5"))).isEqualTo("5@v3");
        assertThat(Users.calls).hasValue(calls + 1);
    }

    @Test
    void theWatermarkAFirstFillCreatesIsNoInvalidation() {
        // A REMOTE fill of an entity without a watermark creates one (eviction-safe watermarks): Redis notifies that
        // SET like any other. It fences the entries written before it, not the value the fill just kept in LOCAL.
        assertThat(cached(() -> users.both("30"))).isEqualTo("30@v1");
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:30}#watermark")).isEqualTo(1L);
        // A later notification, of another entity: once it has dropped that entity, the first one was handled too.
        cached(() -> users.user("31"));
        Users.version.set(2);
        REDIS.command("SET", "{urn:gcache:user_id:31}#watermark", Long.toString(RedisClock.millis(REDIS)));
        await().atMost(BOUND).untilAsserted(() -> assertThat(cached(() -> users.user("31"))).isEqualTo("31@v2"));
        int calls = Users.calls.get();
        long remoteReads = remoteReads();

        assertThat(cached(() -> users.both("30"))).isEqualTo("30@v1");
        assertThat(remoteReads()).as("REMOTE reads: the second call is a LOCAL hit").isEqualTo(remoteReads);
        assertThat(Users.calls).hasValue(calls);
    }

    private static long remoteReads() {
        String stats = REDIS.command("INFO", "commandstats").toString();
        long total = 0;
        for (String command : List.of("cmdstat_evalsha:calls=", "cmdstat_eval:calls=", "cmdstat_get:calls=",
                "cmdstat_mget:calls=")) {
            int at = stats.indexOf(command);
            if (at >= 0) {
                int from = at + command.length();
                total += Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
            }
        }
        return total;
    }

    private static long published() {
        String stats = REDIS.command("INFO", "commandstats").toString();
        int at = stats.indexOf("cmdstat_publish:calls=");
        if (at < 0) {
            return 0;
        }
        int from = at + "cmdstat_publish:calls=".length();
        return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "KsBoth", local = @GCached.Layer(ttl = "1h"),
                remote = @GCached.Layer(ttl = "1h"))
        public String both(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "KsUser", local = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }
    }
}
