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

import io.quarkiverse.gcache.bench.Beans;
import io.quarkiverse.gcache.bench.User;

/**
 * (b) The disabled path: the {@code @GCached} method called outside any enable scope, next to the same method
 * behind a no-op interceptor and the plain method.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DisabledBench {

    String id = "u1";

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        if (Beans.gcache.isEnabled()) {
            throw new IllegalStateException("an enable scope leaked onto this thread");
        }
    }

    @Benchmark
    public User gcachedDisabled() {
        return Beans.gcached.profile(id);
    }

    @Benchmark
    public User noOpInterceptor() {
        return Beans.noOp.profile(id);
    }

    @Benchmark
    public User plain() {
        return Beans.plain.profile(id);
    }
}
