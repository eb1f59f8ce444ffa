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
 * SPEC §5: a process that loses the invalidation subscription may miss messages, so it drops its tracked LOCAL
 * entries and skips LOCAL for tracked use cases until it is subscribed again, which happens by itself.
 */
class SubscriptionLossTest {

    static final SharedRedis REDIS = SharedRedis.get(SubscriptionLossTest.class.getName());
    static final String CHANNEL = "urn:gcache:invalidations";
    static final String BOTH_KEY = "{urn:gcache:user_id:42}#LossBoth";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, RedisClock.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            // Counts of method runs are asserted: a Redis answer slowed by a busy machine must not turn into a miss.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

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

    @BeforeEach
    void reset() {
        REDIS.command("ACL", "SETUSER", "default", "+subscribe");
        awaitSubscribed();
        REDIS.command("FLUSHALL");
        gcache.flush();
        Users.userCalls.set(0);
        Users.bothCalls.set(0);
        Users.untrackedCalls.set(0);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void losingTheSubscriptionDropsTrackedLocalEntriesAndItComesBackByItself() {
        fillAll();

        assertThat(REDIS.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(1L);

        awaitTrackedLocalDropped();
        // An entry of a tracked use case that also has REMOTE now comes from Redis (marked there), not from LOCAL.
        assertThat(cached(() -> users.both("42"))).isEqualTo("42@redis");
        assertThat(Users.bothCalls).hasValue(1);
        // Untracked use cases never listen to invalidations: their LOCAL entries stay.
        assertThat(cached(() -> users.untracked("42"))).isEqualTo("42@local");
        assertThat(Users.untrackedCalls).hasValue(1);

        awaitSubscribed();
        awaitLocalServesAgain();
        assertLocalDroppedByAMessage();
    }

    @Test
    void whileTheSubscriptionIsDownLocalIsSkippedForTrackedUseCases() {
        fillAll();
        REDIS.command("ACL", "SETUSER", "default", "-subscribe"); // keeps the subscriber from coming back
        try {
            assertThat(REDIS.command("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(1L);
            awaitTrackedLocalDropped();
            assertThat(engine.invalidationsLive()).isFalse();
            assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 0L));

            int calls = Users.userCalls.get();
            assertThat(cached(() -> users.user("42"))).isEqualTo("42@local");
            assertThat(cached(() -> users.user("42"))).isEqualTo("42@local");
            assertThat(Users.userCalls).hasValue(calls + 2); // nothing is kept in LOCAL while messages may be missed
            assertThat(cached(() -> users.both("42"))).isEqualTo("42@redis"); // REMOTE still serves
            assertThat(cached(() -> users.both("42"))).isEqualTo("42@redis");
            assertThat(Users.bothCalls).hasValue(1);
            assertThat(cached(() -> users.untracked("42"))).isEqualTo("42@local");
            assertThat(Users.untrackedCalls).hasValue(1);
        } finally {
            REDIS.command("ACL", "SETUSER", "default", "+subscribe");
        }

        awaitSubscribed();
        awaitLocalServesAgain();
        assertLocalDroppedByAMessage();
    }

    /** Fills LOCAL (and REMOTE for LossBoth), then marks the REMOTE entry so that a REMOTE hit can be told apart. */
    private void fillAll() {
        for (int i = 0; i < 2; i++) {
            assertThat(cached(() -> users.user("42"))).isEqualTo("42@local");
            assertThat(cached(() -> users.both("42"))).isEqualTo("42@local");
            assertThat(cached(() -> users.untracked("42"))).isEqualTo("42@local");
        }
        assertThat(Users.userCalls).hasValue(1);
        assertThat(Users.bothCalls).hasValue(1);
        assertThat(Users.untrackedCalls).hasValue(1);
        REDIS.command("SET", BOTH_KEY, RedisClock.millis(REDIS) + ":\"42@redis\"", "PX", "3600000");
    }

    /** The loss is noticed asynchronously: poll until the tracked LOCAL entry is gone (the method runs). */
    private void awaitTrackedLocalDropped() {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            int before = Users.userCalls.get();
            cached(() -> users.user("42"));
            return Users.userCalls.get() > before;
        });
    }

    private void awaitSubscribed() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 1L));
            assertThat(engine.invalidationsLive()).isTrue();
        });
    }

    /** Once subscribed again, a fill is kept in LOCAL and the next call is a hit. */
    private void awaitLocalServesAgain() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            int before = Users.userCalls.get();
            assertThat(cached(() -> users.user("42"))).isEqualTo("42@local");
            assertThat(cached(() -> users.user("42"))).isEqualTo("42@local");
            assertThat(Users.userCalls.get() - before).isLessThanOrEqualTo(1);
        });
        int calls = Users.userCalls.get();
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@local");
        assertThat(Users.userCalls).hasValue(calls);
    }

    /** The new subscription delivers: a message drops LOCAL again. */
    private void assertLocalDroppedByAMessage() {
        int calls = Users.userCalls.get();
        assertThat(REDIS.command("PUBLISH", CHANNEL, "user_id:42")).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            cached(() -> users.user("42"));
            return Users.userCalls.get() > calls;
        });
        assertThat(Users.userCalls).hasValue(calls + 1);
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger userCalls = new AtomicInteger();
        static final AtomicInteger bothCalls = new AtomicInteger();
        static final AtomicInteger untrackedCalls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "LossUser", local = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            userCalls.incrementAndGet();
            return id + "@local";
        }

        @GCached(keyType = "user_id", useCase = "LossBoth", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String both(@GCacheId String id) {
            bothCalls.incrementAndGet();
            return id + "@local";
        }

        @GCached(keyType = "user_id", useCase = "LossUntracked", trackForInvalidation = false, local = @GCached.Layer(ttl = "1h"))
        public String untracked(@GCacheId String id) {
            untrackedCalls.incrementAndGet();
            return id + "@local";
        }
    }
}
