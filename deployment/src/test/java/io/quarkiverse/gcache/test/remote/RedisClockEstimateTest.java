package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §4.7 on the plain read: a REMOTE read takes the time it started at from GCache's estimate of the Redis clock,
 * and that estimate errs early, never late, so an invalidation that lands during the read still makes the fill
 * stale. The server's clock cannot be set here; every estimate is checked against the TIME Redis answers right after.
 */
class RedisClockEstimateTest {

    static final SharedRedis REDIS = SharedRedis.get(RedisClockEstimateTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, RedisClock.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    GCacheEngine engine;

    @Inject
    GCache gcache;

    @Inject
    Users users;

    @Test
    void eachFreshSampleGivesAnEstimateBetweenTheServerTimeBeforeItAndTheServerTimeAfterIt() {
        RedisGateway redis = engine.remote();
        for (int i = 0; i < 300; i++) {
            long before = RedisClock.millis(REDIS);
            redis.sampleClock().await().atMost(Duration.ofSeconds(5));
            long estimate = redis.startTime();
            long after = RedisClock.millis(REDIS);
            assertThat(estimate).as("sample %d", i).isBetween(before, after);
        }
    }

    @Test
    void betweenSamplesTheEstimateStaysAtOrBeforeTheServerClock() {
        RedisGateway redis = engine.remote();
        redis.sampleClock().await().atMost(Duration.ofSeconds(5)); // then the reads below take the next samples
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500); // past two refreshes of the sample
        int checks = 0;
        while (System.nanoTime() - end < 0) {
            long estimate = redis.startTime();
            long after = RedisClock.millis(REDIS);
            assertThat(estimate).as("check %d", checks).isNotEqualTo(Long.MIN_VALUE).isLessThanOrEqualTo(after);
            checks++;
        }
        assertThat(checks).isGreaterThan(0);
    }

    @Test
    void aRemoteHitIsOnePlainReadAndAFillIsCreatedAtTheEstimate() {
        engine.remote().sampleClock().await().atMost(Duration.ofSeconds(5)); // a usable estimate, whatever ran before
        REDIS.command("CONFIG", "RESETSTAT");
        long before = engine.remote().startTime();
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.remote("42")).isEqualTo("42@v1");
            assertThat(users.remote("42")).isEqualTo("42@v1");
            assertThat(users.untracked("7")).isEqualTo("7@v1");
            assertThat(users.untracked("7")).isEqualTo("7@v1");
        }
        assertThat(Users.calls).hasValue(2);
        String stats = (String) REDIS.command("INFO", "commandstats");
        assertThat(stats).contains("cmdstat_mget:calls=2,"); // the tracked use case's reads: entry and watermark
        assertThat(stats).contains("cmdstat_evalsha:calls=2,"); // the two writes; no read ran the script
        String entry = (String) REDIS.command("GET", "{urn:gcache:user_id:42}#EstRemote");
        long created = Long.parseLong(entry.substring(0, entry.indexOf(':')));
        assertThat(created).isBetween(before, RedisClock.millis(REDIS));
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "EstRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v1";
        }

        @GCached(keyType = "user_id", useCase = "EstUntracked", trackForInvalidation = false, remote = @GCached.Layer(ttl = "1h"))
        public String untracked(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v1";
        }
    }
}
