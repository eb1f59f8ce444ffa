package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkiverse.gcache.test.redis.SharedTcpProxy;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Issue 10 item 3, SPEC §5: a subscription that dies silently (a NAT or load balancer drops the connection's state:
 * no reset, no end, only silence) is a lost subscription. The application reaches Redis through a TCP proxy that
 * black-holes its connections; another process's invalidation then never arrives, and the subscriber must notice by
 * itself (a PING with a deadline), drop its tracked LOCAL entries and subscribe again.
 */
class SilentSubscriptionTest {

    static final SharedRedis REDIS = SharedRedis.get(SilentSubscriptionTest.class.getName());
    static final SharedTcpProxy PROXY = SharedTcpProxy.get(SilentSubscriptionTest.class.getName(), REDIS.port());
    static final String CHANNEL = "urn:gcache:invalidations";
    static final Duration PING_INTERVAL = Duration.ofMillis(500);
    static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", PROXY.uri())
            .overrideConfigKey("quarkus.gcache.remote.subscription-ping-interval", PING_INTERVAL.toMillis() + "ms")
            .overrideConfigKey("quarkus.gcache.remote.subscription-ping-timeout", PING_TIMEOUT.toMillis() + "ms")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stop() {
        PROXY.close();
        REDIS.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void aSilentlyDeadSubscriptionIsNoticedAndReplaced() {
        awaitSubscribed();
        assertThat(cached(() -> users.user("42"))).isEqualTo("42#1");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42#1"); // LOCAL

        PROXY.blackHole();
        long start = System.nanoTime();
        // Another process invalidates the entity: the message goes into the black hole.
        REDIS.command("PUBLISH", CHANNEL, "user_id:42");

        // Bound: one ping interval until the PING is sent, its deadline, and generous slack for a loaded machine
        // (two CPUs shared by several builds). Without detection the stale "42#1" is served forever.
        Duration bound = PING_INTERVAL.plus(PING_TIMEOUT).plusSeconds(10);
        await().atMost(bound).untilAsserted(() -> {
            assertThat(engine.invalidationsLive()).as("subscription still believed live").isFalse();
            assertThat(cached(() -> users.user("42"))).as("stale LOCAL entry served").isNotEqualTo("42#1");
        });
        System.out.printf("SilentSubscriptionTest: dead subscription detected after %d ms (interval %d ms, "
                + "deadline %d ms)%n", (System.nanoTime() - start) / 1_000_000, PING_INTERVAL.toMillis(),
                PING_TIMEOUT.toMillis());

        PROXY.restore();
        awaitSubscribed();
        // The new subscription delivers: LOCAL serves again, and a message drops it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String first = cached(() -> users.user("42"));
            assertThat(cached(() -> users.user("42"))).isEqualTo(first);
        });
        String kept = cached(() -> users.user("42"));
        REDIS.command("PUBLISH", CHANNEL, "user_id:42");
        await().atMost(Duration.ofSeconds(10)).until(() -> !cached(() -> users.user("42")).equals(kept));
    }

    private void awaitSubscribed() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 1L));
            assertThat(engine.invalidationsLive()).isTrue();
        });
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "SilentUser", local = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            return id + "#" + calls.incrementAndGet();
        }
    }
}
