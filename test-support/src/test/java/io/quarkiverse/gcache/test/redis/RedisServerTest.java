package io.quarkiverse.gcache.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void closeRedis() {
        redis.close();
    }

    @Test
    void startsOnLoopbackAndAnswersCommands() {
        assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(redis.command("PING")).isEqualTo("PONG");
        assertThat(redis.command("SET", "k", "välue")).isEqualTo("OK");
        assertThat(redis.command("GET", "k")).isEqualTo("välue");
        assertThat(redis.command("GET", "missing")).isNull();
        assertThat(redis.command("INCR", "n")).isEqualTo(1L);
        assertThat(redis.command("HSET", "h", "f1", "v1", "f2", "v2")).isEqualTo(2L);
        assertThat(redis.command("HGETALL", "h")).isEqualTo(List.of("f1", "v1", "f2", "v2"));
        assertThatThrownBy(() -> redis.command("INCR", "k"))
                .isInstanceOf(RedisErrorReply.class)
                .hasMessageStartingWith("ERR");
    }

    @Test
    void withRequirepassItsOwnConnectionsAuthenticateAndOthersMust() {
        try (RedisServer secured = RedisServer.start("--requirepass", "pw")) {
            assertThat(secured.command("SET", "k", "v")).isEqualTo("OK");
            try (RedisConnection plain = RedisConnection.open(secured.port())) {
                assertThatThrownBy(() -> plain.command("GET", "k")).isInstanceOf(RedisErrorReply.class)
                        .hasMessageStartingWith("NOAUTH");
            }
            secured.restart();
            assertThat(secured.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void runsWithoutPersistenceInItsOwnDir() {
        assertThat(redis.command("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
        assertThat(redis.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
        assertThat(redis.command("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
        assertThat(redis.command("CONFIG", "GET", "dir")).isEqualTo(List.of("dir", redis.directory().toString()));
    }

    @Test
    void pauseMakesCommandsTimeOutAndResumeRecovers() {
        redis.command("SET", "k", "v");
        try (RedisConnection connection = redis.connect(Duration.ofMillis(500))) {
            redis.pause();
            assertThat(redis.isPaused()).isTrue();
            assertThatThrownBy(() -> connection.command("GET", "k"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
        redis.resume();
        assertThat(redis.isPaused()).isFalse();
        assertThat(redis.command("GET", "k")).isEqualTo("v");
    }

    @Test
    void stopKillsAndRestartComesBackEmptyOnTheSamePort() {
        int port = redis.port();
        long oldPid = redis.pid();
        redis.command("SET", "k", "v");
        try (RedisConnection connection = redis.connect()) {
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> connection.command("PING")).isInstanceOf(UncheckedIOException.class);
        }
        assertThatThrownBy(() -> redis.command("PING"))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseInstanceOf(ConnectException.class);

        redis.restart();

        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.pid()).isNotEqualTo(oldPid);
        assertThat(redis.command("GET", "k")).as("nothing is persisted").isNull();
    }

    @Test
    void restartOfARunningOrPausedServerKillsItFirst() {
        redis.pause();
        redis.restart();
        assertThat(redis.isPaused()).isFalse();
        assertThat(redis.command("PING")).isEqualTo("PONG");
    }

    @Test
    void clientKillDropsOtherConnections() {
        try (RedisConnection victim = redis.connect()) {
            victim.command("CLIENT", "SETNAME", "victim");
            assertThat(redis.command("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal")).isEqualTo(1L);
            assertThatThrownBy(() -> victim.command("PING")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void stopGracefullyEndsEvenAPausedServer() {
        redis.pause();
        redis.stopGracefully();
        assertThat(redis.isRunning()).isFalse();
    }

    @Test
    void closeKillsTheProcessAndDeletesItsDir() {
        long pid = redis.pid();
        redis.close();
        redis.close(); // idempotent
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(Files.exists(redis.directory())).isFalse();
    }

    @Test
    void extraArgsReachTheServer() {
        try (RedisServer other = RedisServer.start("--maxmemory", "10mb")) {
            assertThat(other.port()).isNotEqualTo(redis.port());
            assertThat(other.command("CONFIG", "GET", "maxmemory")).isEqualTo(List.of("maxmemory", "10485760"));
        }
    }
}
