package io.quarkiverse.gcache.bench.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.quarkiverse.gcache.runtime.UseCase;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * REMOTE hits under concurrency (issue 14, "Measured"): many threads (the runner uses 32), each on a key of its own,
 * call the {@code @GCached} method with LOCAL off, so every call reads Redis; next to it, the same threads send a raw
 * GET of their entry's bytes through the same Quarkus Redis client. Throughput: the ratio is GCache's client-side
 * cost (key, read request, decode, the hop back to the caller) under contention for the client's connections.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RemoteConcurrentBench {

    private static final AtomicInteger THREADS = new AtomicInteger();

    String id;
    String urn;
    GCacheScope scope;

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        if (Beans.redis == null) {
            throw new IllegalStateException("REMOTE is not configured: pass -Dquarkus.redis.hosts");
        }
        id = "c" + THREADS.incrementAndGet(); // a key per thread: no flight is shared
        scope = Beans.gcache.enable();
        UseCase uc = Beans.engine.useCase("BenchRemote0");
        urn = uc.urn(uc.localKey(new Object[] { id }), Beans.engine.keyspace());
        Beans.gcached.remote(id); // writes the entry
        if (rawGet() == null) {
            throw new IllegalStateException("GCache wrote no REMOTE entry under " + urn);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public User gcachedRemote() {
        return Beans.gcached.remote(id);
    }

    @Benchmark
    public byte[] rawGet() {
        Response r = Beans.redis.send(Request.cmd(Command.GET).arg(urn)).await().indefinitely();
        return r == null ? null : r.toBytes();
    }
}
