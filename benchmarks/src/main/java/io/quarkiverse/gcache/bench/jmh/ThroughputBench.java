package io.quarkiverse.gcache.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.quarkiverse.gcache.GCacheScope;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkiverse.gcache.bench.Beans;
import io.quarkiverse.gcache.bench.Dataset;
import io.quarkiverse.gcache.bench.User;

/**
 * (f) LOCAL-hit throughput; the runner runs it on 1, 2 and 8 threads. Each thread reads its own key. Next to it, the
 * same loop on a raw Caffeine cache bounded by size (what GCache's LOCAL layer is): how far this machine scales a
 * loop that shares nothing, the ceiling for the GCache figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThroughputBench {

    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    private static final Cache<String, User> CAFFEINE = Caffeine.newBuilder().maximumSize(10_000).build();

    String id;
    GCacheScope scope;

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        id = "u" + (NEXT.getAndIncrement() % 100);
        scope = Beans.gcache.enable();
        Beans.gcached.profile(id);
        CAFFEINE.put(id, Dataset.lookup(id));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public User gcachedLocalHit() {
        return Beans.gcached.profile(id);
    }

    @Benchmark
    public User caffeineHit() {
        return CAFFEINE.getIfPresent(id);
    }
}
