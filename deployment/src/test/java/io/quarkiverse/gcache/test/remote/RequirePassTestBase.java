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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The classic password-only Redis ({@code requirepass}, the {@code default} user, no ACL user), in the two ways the
 * Quarkus Redis client takes the password: in the URI ({@link RequirePassInUriTest}) or as
 * {@code quarkus.redis.password} ({@link RequirePassPropertyTest}). Reads, writes, an invalidation, another process's
 * invalidation reaching LOCAL through the channel and through keyspace notifications (the {@code default} user may
 * {@code CONFIG SET}, so {@code enable-keyspace-events=true} switches them on), and a flush.
 */
abstract class RequirePassTestBase {

    static final String PASSWORD = "pw";

    /** The application of a subclass: {@code redis} is its server, {@code redisConfig} its own way to the password. */
    static QuarkusUnitTest application(SharedRedis redis, String... redisConfig) {
        QuarkusUnitTest test = new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(Users.class, RequirePassTestBase.class, RedisClock.class))
                .overrideConfigKey("quarkus.gcache.remote.enable-keyspace-events", "true")
                .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
                .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
                .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                        && r.getLevel().intValue() >= Level.WARNING.intValue())
                .assertLogRecords(records -> {
                    List<String> lines = records.stream()
                            .map(r -> String.format(r.getMessage(), r.getParameters()))
                            // about Redis (a test before may leave a system property GCache warns about)
                            .filter(m -> m.contains("Redis") || m.contains("REMOTE") || m.contains("keyspace"))
                            // the test's @AfterAll stops Redis before the application stops
                            .filter(m -> !m.startsWith("Lost the GCache invalidation subscription")).toList();
                    assertThat(lines).as("GCache's warnings and errors about Redis").isEmpty();
                });
        for (int i = 0; i < redisConfig.length; i += 2) {
            test.overrideConfigKey(redisConfig[i], redisConfig[i + 1]);
        }
        return test;
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    abstract SharedRedis redis();

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        redis().command("FLUSHALL");
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
    void readWriteAndInvalidateWithThePassword() {
        assertThat(cached(() -> users.remote("1"))).isEqualTo("1@v1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis().command("EXISTS", "{urn:gcache:user_id:1}#RpRemote").equals(1L));
        assertThat(cached(() -> users.remote("1"))).isEqualTo("1@v1");
        assertThat(Users.calls).hasValue(1);

        Users.version.set(2);
        gcache.invalidate("user_id", "1");
        assertThat(RedisClock.watermark(redis(), "user_id", "1")).isPositive();
        assertThat(cached(() -> users.remote("1"))).isEqualTo("1@v2");
        assertThat(Users.calls).hasValue(2);
    }

    @Test
    void anotherProcesssInvalidationOnTheChannelReachesLocal() {
        cached(() -> users.local("7"));
        Users.version.set(2);
        redis().command("PUBLISH", "urn:gcache:invalidations", "user_id:7");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(cached(() -> users.local("7"))).isEqualTo("7@v2"));
    }

    @Test
    void aWatermarkSetByAPlainClientReachesLocalThroughKeyspaceNotifications() {
        String flags = ((List<?>) redis().command("CONFIG", "GET", "notify-keyspace-events")).get(1).toString();
        assertThat(flags).contains("K").containsAnyOf("$", "A");
        cached(() -> users.local("8"));
        Users.version.set(2);
        redis().command("SET", "{urn:gcache:user_id:8}#watermark", Long.toString(RedisClock.millis(redis())));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(cached(() -> users.local("8"))).isEqualTo("8@v2"));
    }

    @Test
    void flushRemovesGCachesKeysOnly() {
        cached(() -> users.remote("1"));
        cached(() -> users.remote("2"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> redis().command("EXISTS", "{urn:gcache:user_id:2}#RpRemote").equals(1L));
        redis().command("SET", "other:key", "kept");
        gcache.flush();
        assertThat(redis().command("EXISTS", "{urn:gcache:user_id:1}#RpRemote", "{urn:gcache:user_id:2}#RpRemote"))
                .isEqualTo(0L);
        assertThat(redis().command("GET", "other:key")).isEqualTo("kept");
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "RpRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "RpLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }
    }
}
