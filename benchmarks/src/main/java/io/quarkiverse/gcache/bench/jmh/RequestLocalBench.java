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

/**
 * (g) REQUEST_LOCAL against a LOCAL hit of the same method body: a request-local hit (LOCAL and REMOTE off) and a LOCAL
 * hit, both inside one long enable scope; and, each call in a new scope (so the memo misses), a use case with
 * request-local on in front of LOCAL against LOCAL alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestLocalBench {

    static final String ID = "u1";

    /** One enable scope for the whole trial, its memo filled: every call of the request-local use case is a hit. */
    @State(Scope.Thread)
    public static class InScope {
        GCacheScope scope;

        @Setup(Level.Trial)
        public void setUp() {
            Beans.check();
            scope = Beans.gcache.enable();
            Beans.gcached.profile(ID); // fills LOCAL
            User first = Beans.gcached.requestLocal(ID); // fills the memo
            if (Beans.gcached.requestLocal(ID) != first) {
                throw new IllegalStateException("BenchRequestLocal is not served from the memo");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            scope.close();
        }
    }

    /** LOCAL filled for both use cases; no scope open between calls. */
    @State(Scope.Thread)
    public static class Filled {
        @Setup(Level.Trial)
        public void setUp() {
            Beans.check();
            try (GCacheScope scope = Beans.gcache.enable()) {
                Beans.gcached.profile(ID);
                Beans.gcached.requestLocalOverLocal(ID);
            }
        }
    }

    @Benchmark
    public User localHit(InScope s) {
        return Beans.gcached.profile(ID);
    }

    @Benchmark
    public User requestLocalHit(InScope s) {
        return Beans.gcached.requestLocal(ID);
    }

    /** A new scope and a LOCAL hit. */
    @Benchmark
    public User localHitNewScope(Filled f) {
        try (GCacheScope scope = Beans.gcache.enable()) {
            return Beans.gcached.profile(ID);
        }
    }

    /** A new scope, a memo miss, a LOCAL hit, the memo filled. */
    @Benchmark
    public User requestLocalOverLocalNewScope(Filled f) {
        try (GCacheScope scope = Beans.gcache.enable()) {
            return Beans.gcached.requestLocalOverLocal(ID);
        }
    }
}
