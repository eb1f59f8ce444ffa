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
import io.quarkiverse.gcache.bench.Beans;
import io.quarkiverse.gcache.bench.User;

/** (f) LOCAL-hit throughput; the runner runs it on 1, 2 and 8 threads. Each thread reads its own key. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThroughputBench {

    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();

    String id;
    GCacheScope scope;

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        id = "u" + (NEXT.getAndIncrement() % 100);
        scope = Beans.gcache.enable();
        Beans.gcached.profile(id);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public User gcachedLocalHit() {
        return Beans.gcached.profile(id);
    }
}
