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

/**
 * (d) Keys with 0, 2 and 6 key arguments besides the id: the LOCAL key alone (the code a call runs), the
 * URN (what REMOTE needs), and the whole LOCAL hit through the client proxy and the woven method.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyBench {

    String id = "u1";
    String region = "eu-west";
    int page = 3;
    long since = 1_700_000_000_000L;
    String lang = "en";
    boolean active = true;
    int size = 20;
    UseCase uc0;
    UseCase uc2;
    UseCase uc6;
    GCacheScope scope;

    @Setup(Level.Trial)
    public void setUp() {
        Beans.check();
        uc0 = Beans.engine.useCase("BenchLocal0");
        uc2 = Beans.engine.useCase("BenchLocal2");
        uc6 = Beans.engine.useCase("BenchLocal6");
        scope = Beans.gcache.enable();
        Beans.gcached.profile(id);
        Beans.gcached.args2(id, region, page);
        Beans.gcached.args6(id, region, page, since, lang, active, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public Object localKey0() {
        return uc0.localKey(new Object[] { id });
    }

    @Benchmark
    public Object localKey2() {
        return uc2.localKey(new Object[] { id, region, page });
    }

    @Benchmark
    public Object localKey6() {
        return uc6.localKey(new Object[] { id, region, page, since, lang, active, size });
    }

    @Benchmark
    public String urn0() {
        return urn(uc0, new Object[] { id });
    }

    @Benchmark
    public String urn2() {
        return urn(uc2, new Object[] { id, region, page });
    }

    @Benchmark
    public String urn6() {
        return urn(uc6, new Object[] { id, region, page, since, lang, active, size });
    }

    /** The URN of a call, as REMOTE builds it: from the call's LOCAL key. */
    private static String urn(UseCase uc, Object[] params) {
        return uc.urn(uc.localKey(params), Beans.engine.keyspace());
    }

    @Benchmark
    public User hit0() {
        return Beans.gcached.profile(id);
    }

    @Benchmark
    public User hit2() {
        return Beans.gcached.args2(id, region, page);
    }

    @Benchmark
    public User hit6() {
        return Beans.gcached.args6(id, region, page, since, lang, active, size);
    }
}
