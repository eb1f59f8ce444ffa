package io.quarkiverse.gcache.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.UncheckedIOException;
import java.time.Duration;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private RedisServer redis;
    private TcpProxy proxy;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        proxy = TcpProxy.to(redis.port());
    }

    @AfterEach
    void close() {
        proxy.close();
        redis.close();
    }

    @Test
    void forwardsCommandsAndReplies() {
        try (RedisConnection connection = RedisConnection.open(RedisServer.HOST, proxy.port(), Duration.ofSeconds(5))) {
            assertThat(connection.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(connection.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void latencyHoldsBackEachDirectionOnOpenConnectionsUntilSetBackToZero() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (RedisConnection connection = RedisConnection.open(RedisServer.HOST, proxy.port(),
                    Duration.ofSeconds(5))) {
                connection.command("PING"); // open and forwarding before the delay is set

                proxy.latency(Duration.ofMillis(300));
                long start = System.nanoTime();
                assertThat(connection.command("PING")).isEqualTo("PONG");
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("a round trip crosses the proxy twice").isGreaterThanOrEqualTo(Duration.ofMillis(600));

                proxy.latency(Duration.ZERO);
                assertThat(connection.command("PING")).isEqualTo("PONG");
            }
        });
    }

    @Test
    void latencyKeepsTheOrderOfPipelinedReplies() {
        proxy.latency(Duration.ofMillis(50));
        try (RedisConnection connection = RedisConnection.open(RedisServer.HOST, proxy.port(), Duration.ofSeconds(5))) {
            for (int i = 0; i < 20; i++) {
                assertThat(connection.command("INCR", "n")).isEqualTo((long) i + 1);
            }
        }
    }

    @Test
    void aBlackHoleSilencesOpenConnectionsAndRestoreForwardsNewOnes() {
        RedisConnection silenced = RedisConnection.open(RedisServer.HOST, proxy.port(), Duration.ofMillis(500));
        silenced.command("PING");
        proxy.blackHole();
        assertThatThrownBy(() -> silenced.command("PING")).isInstanceOf(UncheckedIOException.class);
        silenced.close();

        proxy.restore();
        try (RedisConnection connection = RedisConnection.open(RedisServer.HOST, proxy.port(), Duration.ofSeconds(5))) {
            assertThat(connection.command("PING")).isEqualTo("PONG");
        }
    }
}
