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
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * (c) A REMOTE hit: the {@code @GCached} method with LOCAL off, next to a raw GET of the same entry's bytes through
 * the same Quarkus Redis client, and the very requests GCache's read sends ({@link RedisGateway#readRequest}: MGET of
 * entry and watermark; {@link RedisGateway#readScriptRequest}: the script it falls back to while it has no estimate
 * of the Redis clock) sent raw through the same client: they split the difference into Redis's side and GCache's
 * client side. The runner interleaves the four in rounds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RemoteHitBench {

    String id = "u1";
    String urn;
    String watermarkKey;
    GCacheScope scope;

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        if (Beans.redis == null) {
            throw new IllegalStateException("REMOTE is not configured: pass -Dquarkus.redis.hosts");
        }
        scope = Beans.gcache.enable();
        UseCase uc = Beans.engine.useCase("BenchRemote0");
        urn = uc.urn(uc.localKey(new Object[] { id }), Beans.engine.keyspace());
        watermarkKey = Beans.engine.keyspace().watermarkKey("user_id", id);
        Beans.gcached.remote(id); // writes the entry
        Beans.gcached.remoteShadow100(id);
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

    /**
     * The REMOTE hit of a use case whose shadow ramp is 100: every hit is sampled (hash, slot, hand-off to a worker, or
     * {@code dropped} while the key's check runs). The caller's time only: the checks run on workers.
     */
    @Benchmark
    public User gcachedRemoteShadow100() {
        return Beans.gcached.remoteShadow100(id);
    }

    @Benchmark
    public byte[] rawGet() {
        Response r = Beans.redis.send(Request.cmd(Command.GET).arg(urn)).await().indefinitely();
        return r == null ? null : r.toBytes();
    }

    /** The request a REMOTE read sends (MGET of entry and watermark), raw: no timeout, no decoding. */
    @Benchmark
    public Response rawRead() {
        return Beans.redis.send(RedisGateway.readRequest(urn, watermarkKey)).await().indefinitely();
    }

    /** The read script GCache falls back to (GET entry, GET watermark, TIME), raw: no timeout, no decoding. */
    @Benchmark
    public Response rawReadScript() {
        return Beans.redis.send(RedisGateway.readScriptRequest(urn, watermarkKey)).await().indefinitely();
    }
}
