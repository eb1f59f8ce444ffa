package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A wrong {@code requirepass} password: the application starts, every call gets the method's own result at once (fail
 * open), and the log says once, clearly, that Redis refused GCache's authentication — no hang, no line per call.
 */
class RequirePassWrongPasswordTest {

    static final SharedRedis REDIS = SharedRedis.get(RequirePassWrongPasswordTest.class.getName(), "--requirepass",
            "right");
    static final int CALLS = 6;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", "redis://:wrong@127.0.0.1:" + REDIS.port())
            .overrideConfigKey("quarkus.gcache.remote.timeout", "2s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> String.format(r.getMessage(), r.getParameters()))
                        // about Redis (a test before may leave a system property GCache warns about)
                        .filter(m -> m.contains("Redis") || m.contains("REMOTE")).toList();
                assertThat(lines.stream().filter(m -> m.contains("authentication"))).as("lines naming authentication")
                        .hasSize(1).allSatisfy(m -> assertThat(m).contains("WRONGPASS")
                                .contains("quarkus.redis.password"));
                assertThat(lines).as("GCache's warnings and errors about Redis over %d calls and an invalidation", CALLS)
                        .hasSizeLessThanOrEqualTo(3);
            });

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Test
    void everyCallGetsTheMethodsResultAndTheLogSaysAuthenticationFailedOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 1; i <= CALLS; i++) {
                try (GCacheScope scope = gcache.enable()) {
                    assertThat(users.remote("1")).isEqualTo("1@" + i);
                    assertThat(users.local("2")).isEqualTo("2@local"); // LOCAL alone works as ever
                }
            }
            gcache.invalidate("user_id", "1");
        });
        assertThat(REDIS.command("DBSIZE")).isEqualTo(0L);
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger remoteCalls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "WpRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            return id + "@" + remoteCalls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "WpLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            return id + "@local";
        }
    }
}
