package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCacheStaleRecoveryPolicy;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@link GCacheStaleRecoveryPolicy} bean decides which failures are answered with a stale value, instead of
 * {@code stale-on-error.on} (SPEC §13); a policy that throws denies, and the method's exception propagates.
 */
class StaleRecoveryPolicyTest {

    static final SharedRedis REDIS = SharedRedis.get(StaleRecoveryPolicyTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Source.class, Policy.class, RedisClock.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Source source;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        REDIS.command("FLUSHALL");
        gcache.flush();
        Policy.asked.clear();
    }

    String cached(String id, RuntimeException failure) {
        Source.failure = failure;
        try (GCacheScope scope = gcache.enable()) {
            return source.get(id);
        }
    }

    static void seed(String id, String value) {
        REDIS.command("SET", "{urn:gcache:user_id:" + id + "}#SoePolicy",
                (RedisClock.millis(REDIS) - 5_000) + ":\"" + value + "\"");
        REDIS.command("SET", "{urn:gcache:user_id:" + id + "}#watermark", "0");
    }

    @Test
    void thePolicyBeanDecides() {
        seed("1", "old 1");
        assertThat(cached("1", new IllegalStateException("retryable"))).isEqualTo("old 1");
        assertThat(Policy.asked).containsExactly("SoePolicy");

        seed("2", "old 2");
        IllegalStateException denied = new IllegalStateException("permission denied");
        assertThatThrownBy(() -> cached("2", denied)).isSameAs(denied);

        seed("3", "old 3");
        RuntimeException timeout = new RuntimeException(new TimeoutException());
        assertThatThrownBy(() -> cached("3", timeout)).as("the bean replaces the default list").isSameAs(timeout);
    }

    @Test
    void aPolicyThatThrowsDenies() {
        seed("4", "old 4");
        IllegalStateException failure = new IllegalStateException("boom the policy");
        assertThatThrownBy(() -> cached("4", failure)).isSameAs(failure);
    }

    @ApplicationScoped
    public static class Policy implements GCacheStaleRecoveryPolicy {
        static final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public boolean recover(String useCase, Throwable failure) {
            asked.add(useCase);
            if (String.valueOf(failure.getMessage()).startsWith("boom")) {
                throw new IllegalStateException("the policy itself failed");
            }
            return "retryable".equals(failure.getMessage());
        }
    }

    @ApplicationScoped
    public static class Source {
        static volatile RuntimeException failure;
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "SoePolicy", remote = @GCached.Layer(ttl = "2s"),
                staleOnErrorMaxAge = "1h")
        public String get(@GCacheId String id) {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return "new " + id;
        }
    }
}
