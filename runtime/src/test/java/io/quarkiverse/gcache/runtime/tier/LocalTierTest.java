package io.quarkiverse.gcache.runtime.tier;

import io.quarkiverse.gcache.runtime.GCacheMetrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.runtime.key.LocalKey;

/** Each LOCAL entry lives for its own TTL: checked on read, and freed by a sweep when nobody reads it. */
class LocalTierTest {

    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long SHORT = Duration.ofMillis(30).toNanos();

    private final LocalTier layer = new LocalTier(100, false);

    @Test
    void aLiveEntryIsServedWithItsRemainingTime() {
        LocalEntry entry = new LocalEntry("v", HOUR, 1L);
        layer.put("42", entry);

        assertThat(layer.get("42")).isSameAs(entry);
        assertThat(entry.remainingMillis(System.nanoTime())).isBetween(Duration.ofMinutes(59).toMillis(),
                Duration.ofHours(1).toMillis());
    }

    @Test
    void anExpiredEntryIsNotServedAndIsDroppedByTheRead() {
        layer.put("42", new LocalEntry("v", SHORT, 1L));
        layer.put("7", new LocalEntry("w", HOUR, 1L));

        await().until(() -> layer.get("42") == null);

        assertThat(layer.entries()).containsOnlyKeys("7");
    }

    @Test
    void entriesOfOneUseCaseKeepTheTtlTheyWereWrittenWith() {
        layer.put("short", new LocalEntry("a", SHORT, 1L));
        layer.put("long", new LocalEntry("b", HOUR, 1L));

        await().until(() -> layer.get("short") == null);

        assertThat(layer.get("long").value()).isEqualTo("b");
    }

    @Test
    void aSweepFreesTheExpiredEntriesNobodyReads() {
        layer.put("42", new LocalEntry("v", SHORT, 1L));
        layer.put("7", new LocalEntry("w", HOUR, 1L));
        LocalEntry expired = layer.entries().get("42");
        await().until(() -> expired.expired(System.nanoTime()));

        assertThat(layer.entries()).containsKeys("42", "7");
        layer.sweep();

        assertThat(layer.entries()).containsOnlyKeys("7");
    }

    @Test
    void anEnormousTtlNeverExpires() {
        LocalEntry entry = new LocalEntry("v", Long.MAX_VALUE, 1L);
        layer.put("42", entry);

        assertThat(entry.expired(System.nanoTime() + Duration.ofDays(365 * 10).toNanos())).isFalse();
        assertThat(layer.get("42")).isSameAs(entry);
    }

    @Test
    void droppingAnEntityWithArgumentsRemovesAllItsEntries() {
        LocalTier withArgs = new LocalTier(100, true);
        withArgs.put(new LocalKey("42", new Object[] { "a" }), new LocalEntry("x", HOUR, 1L));
        withArgs.put(new LocalKey("42", new Object[] { "b" }), new LocalEntry("y", HOUR, 1L));
        withArgs.put(new LocalKey("7", new Object[] { "a" }), new LocalEntry("z", HOUR, 1L));

        withArgs.dropEntity("42");

        assertThat(withArgs.entries().keySet()).extracting(k -> ((LocalKey) k).id()).containsOnly("7");
    }

    @Test
    void droppingAnEntityLooksOnlyAtItsOwnEntries() {
        LocalTier withArgs = new LocalTier(200_000, true);
        for (int i = 0; i < 100_000; i++) {
            withArgs.put(new LocalKey("held", new Object[] { i }), new LocalEntry(i, HOUR, 1L));
        }
        withArgs.put(new LocalKey("victim", new Object[] { "a" }), new LocalEntry("x", HOUR, 1L));
        withArgs.put(new LocalKey("victim", new Object[] { "b" }), new LocalEntry("y", HOUR, 1L));
        long before = withArgs.dropWork();

        withArgs.dropEntity("nobody");
        withArgs.dropEntity("victim");

        assertThat(withArgs.dropWork() - before).as("stored keys looked at").isLessThanOrEqualTo(2);
        assertThat(withArgs.entries()).hasSize(100_000);
    }

    @Test
    void theEntityIndexStaysBoundedByWhatTheLayerHoldsAfterChurn() {
        LocalTier small = new LocalTier(1_000, true);
        for (int i = 0; i < 50_000; i++) {
            LocalKey key = new LocalKey("e" + (i % 5_000), new Object[] { i % 7_000 });
            LocalEntry entry = new LocalEntry(i, i % 10 == 0 ? 0 : HOUR, 1L); // some are born expired
            small.put(key, entry); // evicts (size 1000) and replaces (the same key again)
            if (i % 3 == 0) {
                small.remove(key, entry);
            } else if (i % 10 == 0) {
                assertThat(small.get(key)).isNull(); // an expired entry dropped by its read
            }
            if (i % 1_000 == 0) {
                small.dropEntity("e" + (i % 97));
            }
        }
        // a removal the layer does not see (the Dev UI's, through the live view) is pruned by the sweep
        small.entries().keySet().removeIf(k -> ((LocalKey) k).id().equals("e4999"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            small.cleanUp();
            small.sweep();
            assertThat(small.entries().size()).isLessThanOrEqualTo(1_000);
            assertThat(small.indexedEntries()).isEqualTo(small.entries().size());
        });
        // and every stored entry is indexed: dropping every entity empties the layer
        for (int e = 0; e < 5_000; e++) {
            small.dropEntity("e" + e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> small.entries().isEmpty());
        assertThat(small.indexedEntries()).isZero();
    }

    @Test
    void aLargeEntityIsDroppedWhollyWithTheRestOnTheWorker() {
        java.util.List<Runnable> handedOff = new java.util.ArrayList<>();
        LocalTier withArgs = new LocalTier(100_000, true, handedOff::add, GCacheMetrics.NONE);
        for (int i = 0; i < 10_000; i++) {
            withArgs.put(new LocalKey("big", new Object[] { i }), new LocalEntry(i, HOUR, 1L));
        }
        withArgs.put(new LocalKey("small", new Object[] { 1 }), new LocalEntry(1, HOUR, 1L));

        withArgs.dropEntity("big");
        assertThat(withArgs.entries()).as("removed on the dropping thread").hasSize(10_000 - LocalTier.DROP_INLINE + 1);
        assertThat(handedOff).hasSize(1);
        handedOff.get(0).run();
        assertThat(withArgs.entries()).hasSize(1);
    }

    @Test
    void aLoweredTtlExpiresAnEntryWrittenUnderALongerOne() {
        LocalEntry entry = new LocalEntry("v", HOUR, 1L);
        layer.put("42", entry);
        long now = System.nanoTime();

        assertThat(entry.expired(now + SHORT, HOUR)).isFalse();
        assertThat(entry.expired(now + SHORT, SHORT)).isTrue();
        assertThat(entry.expired(now + 2 * HOUR, Long.MAX_VALUE)).as("its own TTL still holds").isTrue();
        await().until(() -> layer.get("42", SHORT) == null);
        assertThat(layer.entries()).isEmpty();
    }
}
