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
 * A command GCache needs and the ACL user may not run is a clear error in the log, never a hang nor an exception to
 * the caller: here the user has exactly the SPEC §15 line, which lacks {@code +time} (the read and invalidation scripts
 * read Redis's clock) and {@code +info}, and whose {@code &__keyspace@*} does not allow GCache's {@code PSUBSCRIBE}
 * (a subscribed pattern must match a channel pattern literally); every call still gets the method's result, at once,
 * and the invalidation channel stays subscribed. Each refusal (read, invalidation, keyspace subscription) is one line
 * however many calls hit it; {@link LeastPrivilegeNoScriptsTest} covers the write, the start and the channel.
 */
class LeastPrivilegeRefusedTest {

    static final String SPEC_ACL = "on >s3cret ~urn:gcache:* ~{urn:gcache:* &urn:gcache:* &__keyspace@* "
            + "+@read +@write +@scripting +@pubsub +scan +ping";
    static final SecureRedis REDIS = SecureRedis.get(LeastPrivilegeRefusedTest.class.getName(),
            Map.of("gcache", SPEC_ACL));

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.tlsUri("gcache", "s3cret"))
            .overrideConfigKey("quarkus.redis.tls-configuration-name", "gcache-redis")
            .overrideConfigKey("quarkus.tls.gcache-redis.trust-store.pem.certs", REDIS.caCertificate())
            .overrideConfigKey("quarkus.tls.gcache-redis.hostname-verification-algorithm", "HTTPS")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.WARNING.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> String.format(r.getMessage(), r.getParameters()))
                        .toList();
                // one line per kind of refusal, however many calls hit it
                assertThat(lines).filteredOn(m -> m.contains("REMOTE read failed for use case LpUser")).hasSize(1)
                        .allSatisfy(m -> assertThat(m).contains("can't run this command"));
                assertThat(lines).filteredOn(m -> m.startsWith("Invalidating user_id 1 in REMOTE failed")).hasSize(1)
                        .allSatisfy(m -> assertThat(m).contains("can't run this command"));
                assertThat(lines).anySatisfy(m -> assertThat(m).startsWith("Redis refused the subscription to keyspace "
                        + "notifications __keyspace@0__:{urn:gcache:*}#watermark").contains("NOPERM")
                        .endsWith("Allow the user exactly that channel pattern: &__keyspace@0__:{urn:gcache:*}#watermark"));
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
    void everyCallGetsTheMethodsResultAndTheRefusalIsLogged() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 3; i++) {
                try (GCacheScope scope = gcache.enable()) {
                    assertThat(users.user("1")).isEqualTo("1@" + (i + 1));
                }
            }
            for (int i = 0; i < 3; i++) {
                gcache.invalidate("user_id", "1"); // refused too (TIME in the script): logged, not thrown
            }
        });
        assertThat(Users.calls).hasValue(3);
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "LpUser", remote = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            return id + "@" + calls.incrementAndGet();
        }
    }
}
