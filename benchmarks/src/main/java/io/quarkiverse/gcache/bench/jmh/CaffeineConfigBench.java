package io.quarkiverse.gcache.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkiverse.gcache.bench.Dataset;
import io.quarkiverse.gcache.bench.User;

/**
 * Why GCache's LOCAL layer checks each entry's deadline itself: a hit on Caffeine caches configured the ways GCache
 * could use it, and the clock read a deadline check costs. Not part of the suite; run it with
 * {@code benchmarks/run.sh --include='CaffeineConfigBench'}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaffeineConfigBench {

    private static final long HOUR_NANOS = TimeUnit.HOURS.toNanos(1);

    String id = "u1";
    Cache<String, User> sizeOnly;
    Cache<String, User> sizeAndExpireAfterWrite;
    Cache<String, User> sizeAndPerEntryExpiry;
    Cache<String, User> sizeAndPerEntryExpirySameThread;

    @Setup(Level.Trial)
    public void setUp() {
        sizeOnly = Caffeine.newBuilder().maximumSize(10_000).build();
        sizeAndExpireAfterWrite = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(1, TimeUnit.HOURS).build();
        sizeAndPerEntryExpiry = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new PerEntry()).build();
        sizeAndPerEntryExpirySameThread = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new PerEntry())
                .executor(Runnable::run).build();
        for (Cache<String, User> cache : List.of(sizeOnly, sizeAndExpireAfterWrite, sizeAndPerEntryExpiry,
                sizeAndPerEntryExpirySameThread)) {
            cache.put(id, Dataset.lookup(id));
        }
    }

    /** What GCache's LOCAL layer uses: bounded by size, Caffeine's fast read path. */
    @Benchmark
    public User sizeOnly() {
        return sizeOnly.getIfPresent(id);
    }

    @Benchmark
    public User sizeAndExpireAfterWrite() {
        return sizeAndExpireAfterWrite.getIfPresent(id);
    }

    /** What GCache's LOCAL layer used before: Caffeine's per-entry expiry ({@code expireAfter(Expiry)}). */
    @Benchmark
    public User sizeAndPerEntryExpiry() {
        return sizeAndPerEntryExpiry.getIfPresent(id);
    }

    @Benchmark
    public User sizeAndPerEntryExpirySameThread() {
        return sizeAndPerEntryExpirySameThread.getIfPresent(id);
    }

    /** The clock read GCache's own deadline check costs. */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }

    private static final class PerEntry implements Expiry<String, User> {
        @Override
        public long expireAfterCreate(String key, User value, long currentTime) {
            return HOUR_NANOS;
        }

        @Override
        public long expireAfterUpdate(String key, User value, long currentTime, long currentDuration) {
            return HOUR_NANOS;
        }

        @Override
        public long expireAfterRead(String key, User value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
