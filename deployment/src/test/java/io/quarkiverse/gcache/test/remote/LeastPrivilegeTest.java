package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;

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
import io.quarkiverse.gcache.test.redis.SecureRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §15, least privilege: GCache works as a Redis ACL user limited to its own keys and channels, with a password,
 * over TLS (a throw-away CA made at test time), configured only through {@code quarkus.redis.*} and the TLS registry:
 * reads, writes, invalidation, the subscription (and another writer's invalidation reaching LOCAL through it), and a
 * flush by SCAN. The user may not run {@code CONFIG}: {@code enable-keyspace-events=true} is a clear error in the
 * log, and GCache goes on with its channel.
 * <p>
 * The SPEC's line lacks {@code +time} (the read and invalidation scripts read Redis's clock) and {@code +info} (GCache
 * asks {@code INFO cluster} whether the server is a cluster, for its clock and a flush), and its {@code &__keyspace@*}
 * does not allow {@code PSUBSCRIBE} of GCache's pattern (Redis matches a subscribed pattern literally against the
 * user's channel patterns): the user here has the line the guide gives.
 */
class LeastPrivilegeTest {

    static final String ACL = "on >s3cret ~urn:gcache:* ~{urn:gcache:* &urn:gcache:* &__keyspace@0__:{urn:gcache:*}#watermark "
            + "+@read +@write +@scripting +@pubsub +scan +ping +time +info";
    static final SecureRedis REDIS = SecureRedis.get(LeastPrivilegeTest.class.getName(), Map.of("gcache", ACL));

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.tlsUri("gcache", "s3cret"))
            .overrideConfigKey("quarkus.redis.tls-configuration-name", "gcache-redis")
            .overrideConfigKey("quarkus.tls.gcache-redis.trust-store.pem.certs", REDIS.caCertificate())
            .overrideConfigKey("quarkus.tls.gcache-redis.hostname-verification-algorithm", "HTTPS")
            .overrideConfigKey("quarkus.gcache.remote.enable-keyspace-events", "true")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> String.format(r.getMessage(), r.getParameters()))
                        .toList();
                assertThat(lines).anySatisfy(m -> assertThat(m).startsWith("quarkus.gcache.remote.enable-keyspace-"
                        + "events=true, but GCache could not switch on keyspace notifications (NOPERM"));
                // nothing else GCache sent was refused
                assertThat(lines).allSatisfy(m -> assertThat(m).doesNotContain("REMOTE read failed")
                        .doesNotContain("REMOTE write failed").doesNotContain("refused the GCache invalidation")
                        .doesNotContain("refused the subscription to keyspace notifications"));
            });

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
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
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
    void readWriteAndInvalidateAsTheLimitedUserOverTls() {
        assertThat(cached(() -> users.remote("1"))).isEqualTo("1@v1");
        await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.command("EXISTS", "{urn:gcache:user_id:1}#LpRemote")
                .equals(1L));
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:1}#watermark")).isEqualTo(1L);
        assertThat(cached(() -> users.remote("1"))).isEqualTo("1@v1");
        assertThat(Users.calls).hasValue(1);

        Users.version.set(2);
        gcache.invalidate("user_id", "1");
        assertThat(cached(() -> users.remote("1"))).isEqualTo("1@v2");
        assertThat(Users.calls).hasValue(2);
    }

    @Test
    void anotherProcesssInvalidationReachesLocalThroughTheSubscription() {
        assertThat(engine.invalidationsLive()).isTrue();
        cached(() -> users.local("7"));
        Users.version.set(2);
        REDIS.command("PUBLISH", "urn:gcache:invalidations", "user_id:7");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cached(() -> users.local("7")))
                .isEqualTo("7@v2"));
    }

    @Test
    void flushRemovesTheEntriesByScan() {
        cached(() -> users.remote("1"));
        cached(() -> users.remote("2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.command("EXISTS", "{urn:gcache:user_id:2}#LpRemote")
                .equals(1L));
        REDIS.command("SET", "other:key", "kept");
        gcache.flush();
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:1}#LpRemote", "{urn:gcache:user_id:2}#LpRemote"))
                .isEqualTo(0L);
        assertThat(REDIS.command("GET", "other:key")).isEqualTo("kept");
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "LpRemote", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }

        @GCached(keyType = "user_id", useCase = "LpLocal", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }
    }
}
