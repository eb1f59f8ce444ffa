package io.quarkiverse.gcache.test.handle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * SPEC §14: a handle's REMOTE entries are read back as its {@code T} with its generic arguments (a
 * {@code List<Item>} of records, not of JSON maps), keyed by the URN a method's arguments would give, and invalidated
 * through the entity's watermark. LOCAL is off, so every second call is a REMOTE hit.
 */
class HandleRemoteTest {

    static final SharedRedis REDIS = SharedRedis.get(HandleRemoteTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Item.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    @GCacheUseCase(keyType = "order_id", value = "HandleItems", remote = @GCached.Layer(ttl = "1h"))
    GCacheHandle<List<Item>> items;

    @Inject
    GCache gcache;

    final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
        runs.set(0);
    }

    private Supplier<List<Item>> load(String order) {
        return () -> List.of(new Item(order + "-a", runs.incrementAndGet()), new Item(order + "-b", 0));
    }

    @Test
    void aRemoteHitIsReadBackAsTheHandlesGenericType() {
        try (GCacheScope scope = gcache.enable()) {
            List<Item> first = items.get("1", load("1"));
            List<Item> hit = items.get("1", load("1"));
            assertThat(hit).isEqualTo(first).isNotSameAs(first);
            assertThat(hit.get(0)).isInstanceOf(Item.class);
            List<Item> uniHit = items.getUni("1", () -> Uni.createFrom().item(load("1"))).await().indefinitely();
            assertThat(uniHit).isEqualTo(first);
        }
        assertThat(runs).hasValue(1);
        assertThat(REDIS.command("KEYS", "*HandleItems")).asList().containsExactly("{urn:gcache:order_id:1}#HandleItems");
    }

    @Test
    void theArgumentsAreInTheRedisKeySortedByName() {
        try (GCacheScope scope = gcache.enable()) {
            items.get("2", Map.of("sort", "created", "page", 2), load("2"));
            assertThat(items.get("2", Map.of("page", 2, "sort", "created"), load("2")).get(0).run()).isEqualTo(1);
        }
        assertThat(REDIS.command("KEYS", "*HandleItems")).asList()
                .containsExactly("{urn:gcache:order_id:2}?page=2&sort=created#HandleItems");
    }

    @Test
    void anInvalidationOfTheEntityMakesTheRemoteEntryStale() {
        try (GCacheScope scope = gcache.enable()) {
            items.get("3", load("3"));
            gcache.invalidate("order_id", "3");
            assertThat(items.get("3", load("3")).get(0).run()).isEqualTo(2);
        }
    }

    @Test
    void deleteWithArgumentsDeletesThatEntryInBothLayers() {
        try (GCacheScope scope = gcache.enable()) {
            items.get("4", load("4"));
            items.get("4", Map.of("page", 2), load("4"));
            gcache.delete("HandleItems", "4", Map.of("page", "2"));
            assertThat(REDIS.command("KEYS", "*HandleItems")).asList()
                    .containsExactly("{urn:gcache:order_id:4}#HandleItems");
            assertThat(items.get("4", load("4")).get(0).run()).as("the entry without arguments stays").isEqualTo(1);
            assertThat(items.get("4", Map.of("page", 2), load("4")).get(0).run()).isEqualTo(3);
        }
    }

    public record Item(String name, int run) {
    }
}
