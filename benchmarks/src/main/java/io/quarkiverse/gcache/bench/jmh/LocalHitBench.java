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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.bench.Beans;
import io.quarkiverse.gcache.bench.Dataset;
import io.quarkiverse.gcache.bench.User;
import io.quarkiverse.gcache.runtime.tier.LocalTier;

/**
 * (a) A LOCAL hit of the same method: {@code @GCached} (inside an enable scope), Quarkus {@code @CacheResult},
 * GCache's LOCAL layer alone, a raw Caffeine {@code getIfPresent} with a prebuilt key (default executor, and
 * same-thread maintenance), and the plain method.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalHitBench {

    String id = "u1";
    LocalTier localLayer;
    Cache<String, User> caffeine;
    Cache<String, User> caffeineSameThread;
    GCacheScope scope;

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        scope = Beans.gcache.enable();
        if (!Beans.gcache.isEnabled()) {
            throw new IllegalStateException("no enable scope");
        }
        Beans.gcached.profile(id); // fills LOCAL
        Beans.quarkusCache.profile(id);
        localLayer = Beans.engine.useCase("BenchLocal0").local();
        if (localLayer.get(id) == null) {
            throw new IllegalStateException("no LOCAL entry for " + id);
        }
        caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(1, TimeUnit.HOURS).build();
        caffeine.put(id, Dataset.lookup(id));
        caffeineSameThread = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(1, TimeUnit.HOURS)
                .executor(Runnable::run).build();
        caffeineSameThread.put(id, Dataset.lookup(id));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public User gcached() {
        return Beans.gcached.profile(id);
    }

    @Benchmark
    public User cacheResult() {
        return Beans.quarkusCache.profile(id);
    }

    /** GCache's LOCAL layer alone (its Caffeine cache as GCache builds it), with the key the call would build. */
    @Benchmark
    public Object localLayer() {
        return localLayer.get(id).value();
    }

    @Benchmark
    public User caffeine() {
        return caffeine.getIfPresent(id);
    }

    /** The same, with Caffeine's maintenance on the calling thread instead of ForkJoinPool.commonPool(). */
    @Benchmark
    public User caffeineSameThread() {
        return caffeineSameThread.getIfPresent(id);
    }

    @Benchmark
    public User plain() {
        return Beans.plain.profile(id);
    }
}
