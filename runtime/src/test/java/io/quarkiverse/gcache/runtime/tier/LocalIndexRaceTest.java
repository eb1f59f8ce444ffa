package io.quarkiverse.gcache.runtime.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.runtime.key.LocalKey;

/**
 * The entity index under races of real threads: two puts of one key (two fills of one key can run at once, e.g. a
 * new leader after an overdue one) must leave the index naming the entry the cache holds, or an invalidation of the
 * entity misses it and LOCAL serves a stale value.
 */
class LocalIndexRaceTest {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    @Test
    void twoPutsOfOneKeyAtOnceLeaveNothingAnInvalidationCannotDrop() {
        LocalTier layer = new LocalTier(1000, true);
        LocalKey key = new LocalKey("42", new Object[] { "a" });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                int rounds = 20_000;
                int stale = 0;
                for (int i = 0; i < rounds; i++) {
                    CyclicBarrier start = new CyclicBarrier(2);
                    LocalEntry first = new LocalEntry("v1-" + i, HOUR, 1L);
                    LocalEntry second = new LocalEntry("v2-" + i, HOUR, 1L);
                    Future<?> a = pool.submit(() -> {
                        start.await();
                        layer.put(key, first);
                        return null;
                    });
                    Future<?> b = pool.submit(() -> {
                        start.await();
                        layer.put(key, second);
                        return null;
                    });
                    a.get(10, TimeUnit.SECONDS);
                    b.get(10, TimeUnit.SECONDS);
                    layer.dropEntity("42"); // the invalidation of the entity
                    if (layer.get(key) != null) {
                        stale++;
                        layer.remove(key, layer.get(key));
                    }
                }
                System.out.printf("LocalIndexRaceTest: %d of %d rounds left an entry after the entity's drop%n", stale,
                        rounds);
                assertThat(stale).as("rounds whose entry survived the invalidation of its entity").isZero();
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void underEvictionChurnTheIndexNamesExactlyWhatIsStoredAndDropsReachEverything() {
        LocalTier layer = new LocalTier(64, true);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                CyclicBarrier start = new CyclicBarrier(threads);
                Future<?>[] done = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    done[t] = pool.submit(() -> {
                        start.await();
                        java.util.Random random = new java.util.Random(seed);
                        for (int i = 0; i < 200_000; i++) {
                            String id = Integer.toString(random.nextInt(50));
                            LocalKey key = new LocalKey(id, new Object[] { Integer.toString(random.nextInt(8)) });
                            if (random.nextInt(20) == 0) {
                                layer.dropEntity(id);
                            } else {
                                layer.put(key, new LocalEntry("v", HOUR, 1L));
                            }
                        }
                        return null;
                    });
                }
                for (Future<?> f : done) {
                    f.get(100, TimeUnit.SECONDS);
                }
                layer.cleanUp();
                int stored = layer.entries().size();
                int indexed = layer.indexedEntries();
                System.out.printf("after churn: %d entries stored (max-size 64), %d indexed%n", stored, indexed);
                assertThat(stored).isLessThanOrEqualTo(64);
                assertThat(indexed).as("index records, with %d entries stored", stored).isEqualTo(stored);
                for (int id = 0; id < 50; id++) {
                    layer.dropEntity(Integer.toString(id));
                }
                assertThat(layer.entries()).as("entries left after every entity was dropped").isEmpty();
            });
        } finally {
            pool.shutdownNow();
        }
    }
}
