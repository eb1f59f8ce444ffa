package io.quarkiverse.gcache.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.runtime.key.LocalKey;

/** Each LOCAL entry lives for its own TTL: checked on read, and freed by a sweep when nobody reads it. */
class LocalLayerTest {

    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long SHORT = Duration.ofMillis(30).toNanos();

    private final LocalLayer layer = new LocalLayer(100, false);

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
        LocalLayer withArgs = new LocalLayer(100, true);
        withArgs.put(new LocalKey("42", new Object[] { "a" }), new LocalEntry("x", HOUR, 1L));
        withArgs.put(new LocalKey("42", new Object[] { "b" }), new LocalEntry("y", HOUR, 1L));
        withArgs.put(new LocalKey("7", new Object[] { "a" }), new LocalEntry("z", HOUR, 1L));

        withArgs.dropEntity("42");

        assertThat(withArgs.entries().keySet()).extracting(k -> ((LocalKey) k).id()).containsOnly("7");
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
