package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The breaker stands for "Redis cannot be reached": a Redis that answers, even with an error about one key
 * (WRONGTYPE: a foreign key of another type where an entry should be), is up, and must not open it for all REMOTE
 * traffic.
 */
class BreakerErrorRepliesTest {

    static final SharedRedis REDIS = SharedRedis.get(BreakerErrorRepliesTest.class.getName());
    static final int THRESHOLD = 3;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Items.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .overrideConfigKey("quarkus.gcache.remote.breaker-failures", Integer.toString(THRESHOLD))
            .overrideConfigKey("quarkus.gcache.remote.breaker-delay", "1h");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Items items;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Test
    void errorRepliesAboutOneKeyDoNotOpenTheBreaker() {
        for (int i = 0; i < THRESHOLD * 2; i++) {
            REDIS.command("HSET", "urn:gcache:item_id:w" + i + "#BreakerItem", "field", "value");
        }
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < THRESHOLD * 2; i++) {
                assertThat(items.item("w" + i)).isEqualTo("item w" + i); // the method's result, whatever Redis said
            }
        }
        assertThat(engine.remote().breakerOpen()).as("breaker open after %d WRONGTYPE replies", THRESHOLD * 2)
                .isFalse();
        // REMOTE still serves: an entry written by a call is read by the next.
        REDIS.command("SET", "urn:gcache:item_id:ok#BreakerItem", System.currentTimeMillis() + ":\"from redis\"");
        try (GCacheScope scope = gcache.enable()) {
            assertThat(items.item("ok")).isEqualTo("from redis");
        }
    }

    @ApplicationScoped
    public static class Items {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "item_id", useCase = "BreakerItem", trackForInvalidation = false,
                remote = @GCached.Layer(ttl = "1h"))
        public String item(@GCacheId String id) {
            calls.incrementAndGet();
            return "item " + id;
        }
    }
}
