package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkiverse.gcache.test.redis.SharedTcpProxy;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An invalidation that Redis answers too late returns to its caller (fail open: logged, not thrown), and Redis still
 * takes it afterwards: "invalidate returned" does not mean "the watermark is in force". The history checker took the
 * one for the other in its 10-minute run (docs: history-checker.adoc), and holds REMOTE to a write only from when its
 * process saw the watermark risen.
 */
class LateInvalidationTest {

    static final SharedRedis REDIS = SharedRedis.get(LateInvalidationTest.class.getName());
    static final SharedTcpProxy PROXY = SharedTcpProxy.get(LateInvalidationTest.class.getName(), REDIS.port());
    static final String WATERMARK = "{urn:gcache:user_id:42}#watermark";
    /** Far past remote.timeout (250 ms): the script reaches Redis long after the call has given up on it. */
    static final Duration ONE_WAY = Duration.ofSeconds(2);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", PROXY.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stop() {
        PROXY.close();
        REDIS.close();
    }

    @Inject
    GCache gcache;

    @Test
    void anInvalidationThatTimedOutReturnsAndRedisStillTakesItLater() {
        REDIS.command("DEL", WATERMARK);
        PROXY.latency(ONE_WAY);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> gcache.invalidate("user_id", "42"));
            assertThat(REDIS.command("GET", WATERMARK)).as("watermark when invalidate returned").isNull();
            await().atMost(Duration.ofSeconds(20)).until(() -> REDIS.command("GET", WATERMARK) != null);
        } finally {
            PROXY.latency(Duration.ZERO);
        }
    }

    @ApplicationScoped
    public static class Users {
        @GCached(keyType = "user_id", useCase = "LateInvalidationUser", remote = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            return id;
        }
    }
}
