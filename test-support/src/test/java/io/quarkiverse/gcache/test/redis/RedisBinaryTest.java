package io.quarkiverse.gcache.test.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedisBinaryTest {

    @Test
    void prefersTheRedisServerOnPath() {
        Path onPath = RedisBinary.onPath();
        if (onPath != null) {
            assertThat(RedisBinary.find()).isEqualTo(onPath);
        } else {
            assertThat(RedisBinary.find()).isExecutable();
        }
    }

    @Test
    void embeddedRedisFallbackIsExtractedAndServes() {
        Path embedded = RedisBinary.extractEmbedded();
        assertThat(embedded)
                .as("embedded-redis ships a linux binary for this machine; else: " + RedisBinary.INSTALL_HINT)
                .isNotNull();
        assertThat(Files.isExecutable(embedded)).isTrue();
        try (RedisServer redis = RedisServer.start(embedded, false, List.of())) {
            assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }
}
