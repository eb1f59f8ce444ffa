package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import io.quarkiverse.gcache.test.redis.SecureRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * An ACL user without {@code +@scripting} and without GCache's invalidation channel ({@code &urn:gcache:*}): every
 * refusal is a clear error in the log, once per kind however many calls hit it — the scripts at start, the write (a
 * script), the invalidation (a script), the subscription to the channel — and every call gets the method's result at
 * once.
 */
class LeastPrivilegeNoScriptsTest {

    static final String ACL = "on >s3cret ~urn:gcache:* ~{urn:gcache:* &__keyspace@0__:{urn:gcache:*}#watermark "
            + "+@read +@write +@pubsub +scan +ping +time +info";
    static final SecureRedis REDIS = SecureRedis.get(LeastPrivilegeNoScriptsTest.class.getName(), Map.of("gcache", ACL));
    static final int CALLS = 8;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.tlsUri("gcache", "s3cret"))
            .overrideConfigKey("quarkus.redis.tls-configuration-name", "gcache-redis")
            .overrideConfigKey("quarkus.tls.gcache-redis.trust-store.pem.certs", REDIS.caCertificate())
            .overrideConfigKey("quarkus.tls.gcache-redis.hostname-verification-algorithm", "HTTPS")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> String.format(r.getMessage(), r.getParameters()))
                        // about Redis (a test before may leave a system property GCache warns about)
                        .filter(m -> m.contains("Redis") || m.contains("REMOTE")).toList();
                assertThat(lines).filteredOn(m -> m.startsWith("Redis refused a command GCache needs (NOPERM"))
                        .as("the start-up refusal").hasSize(1);
                assertThat(lines).filteredOn(m -> m.startsWith("REMOTE write failed for use case NsUser"))
                        .as("the write refusal").hasSize(1).allSatisfy(m -> assertThat(m).contains("NOPERM"));
                assertThat(lines).filteredOn(m -> m.startsWith("Invalidating user_id 1 in REMOTE failed"))
                        .as("the invalidation refusal").hasSize(1).allSatisfy(m -> assertThat(m).contains("NOPERM"));
                assertThat(lines).filteredOn(m -> m.startsWith("Redis refused the GCache invalidation subscription"))
                        .as("the subscription refusal").hasSize(1).allSatisfy(m -> assertThat(m).contains("NOPERM"));
                // the read (the read script, until the clock has an estimate) at most once; nothing else, nothing twice
                assertThat(lines).as("all of GCache's warnings and errors about Redis").hasSizeLessThanOrEqualTo(5)
                        .doesNotHaveDuplicates();
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
    void everyCallGetsTheMethodsResultAndEachRefusalIsLoggedOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 1; i <= CALLS; i++) {
                try (GCacheScope scope = gcache.enable()) {
                    assertThat(users.user(Integer.toString(i))).isEqualTo(i + "@" + i);
                }
                gcache.invalidate("user_id", "1");
            }
        });
        assertThat(REDIS.command("DBSIZE")).isEqualTo(0L);
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "NsUser", remote = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            return id + "@" + calls.incrementAndGet();
        }
    }
}
