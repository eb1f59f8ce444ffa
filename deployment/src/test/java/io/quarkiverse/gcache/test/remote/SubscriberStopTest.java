package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.runtime.remote.InvalidationSubscriber;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.mutiny.redis.client.Redis;

/**
 * A subscriber stopped while its connect is under way (a dev-mode reload stops the old engine while Redis is slow to
 * answer) must not subscribe when the connect completes: the old engine would stay subscribed, holding a connection
 * and its LOCAL layers, after every reload.
 */
class SubscriberStopTest {

    static final SharedRedis REDIS = SharedRedis.get(SubscriberStopTest.class.getName());
    static final String CHANNEL = "subscriber-stop-test";
    /** The defaults of quarkus.gcache.remote.subscription-ping-interval and -timeout. */
    static final Duration PING = Duration.ofSeconds(5);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.resume();
        REDIS.close();
    }

    @Inject
    Redis redis;

    @Test
    void aConnectThatCompletesAfterStopDoesNotSubscribe() {
        InvalidationSubscriber stopped = new InvalidationSubscriber(redis, CHANNEL, new Quiet(), PING, PING_TIMEOUT);
        InvalidationSubscriber running = new InvalidationSubscriber(redis, CHANNEL, new Quiet(), PING, PING_TIMEOUT);
        REDIS.pause(); // connects are accepted by the kernel and wait for the server's handshake
        try {
            stopped.start();
            stopped.stop();
            running.start(); // its connect completes after the stopped one's
        } finally {
            REDIS.resume();
        }
        await().atMost(Duration.ofSeconds(20)).until(running::live);
        // Only the running subscriber is subscribed, and stays so (checked for 2 s: long after both connects).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 1L)));
        assertThat(stopped.live()).isFalse();
        running.stop();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(REDIS.command("PUBSUB", "NUMSUB", CHANNEL)).isEqualTo(List.of(CHANNEL, 0L)));
    }

    static final class Quiet implements InvalidationSubscriber.Listener {
        @Override
        public void invalidated(String keyType, String id, long futureBufferMillis) {
        }

        @Override
        public void subscribed() {
        }

        @Override
        public void lost() {
        }
    }
}
