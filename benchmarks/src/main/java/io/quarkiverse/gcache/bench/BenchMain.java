package io.quarkiverse.gcache.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.StackProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.vertx.mutiny.redis.client.Redis;

/**
 * Starts with the application, then runs the benchmark suite in-process (JMH {@code forks(0)}) against the started
 * beans, so every call goes through the client proxy and the woven method, and prints one table of ratios measured
 * in this run.
 * <p>
 * Arguments: {@code --quick} (short iterations, to check the harness), {@code --only=a,b,...} among
 * {@code local,requestlocal,key,remote,remote32,shadow,throughput,stampede,http}, {@code --stack} (adds JMH's stack profiler to the LOCAL-hit
 * and disabled-path benchmarks), {@code --include=REGEX} (only one ad hoc JMH run of the matching benchmarks, e.g.
 * {@code LocalHitBench.gcached}, and no table), {@code --out=DIR} (default {@code target/bench}).
 */
@QuarkusMain
public class BenchMain implements QuarkusApplication {

    private static final String PKG = "io.quarkiverse.gcache.bench.jmh.";

    @Inject
    GCachedService gcached;
    @Inject
    QuarkusCacheService quarkusCache;
    @Inject
    NoOpService noOp;
    @Inject
    GCache gcache;
    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    private boolean quick;
    private String include;
    private boolean stack;
    private Set<String> only = new TreeSet<>();
    private Path out = Path.of("target", "bench");
    private int run;
    private final Map<String, RunResult> results = new LinkedHashMap<>();

    @Override
    public int run(String... args) throws Exception {
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.equals("--stack")) {
                stack = true;
            } else if (a.startsWith("--only=")) {
                only.addAll(List.of(a.substring(7).split(",")));
            } else if (a.startsWith("--include=")) {
                include = a.substring(10);
            } else if (a.startsWith("--out=")) {
                out = Path.of(a.substring(6));
            } else {
                System.err.println("Unknown argument " + a);
                return 2;
            }
        }
        Files.createDirectories(out);
        Beans.gcached = gcached;
        Beans.quarkusCache = quarkusCache;
        Beans.noOp = noOp;
        Beans.gcache = gcache;
        Beans.engine = Arc.container().instance(GCacheEngine.class).get();
        Beans.redis = Beans.engine.hasRemote() ? Arc.container().instance(Redis.class).get() : null;

        Report report = new Report(quick);
        report.machine(machine());
        if (include != null) {
            // ad hoc: one JMH run of the matching benchmarks (e.g. LocalHitBench.gcached), with -prof gc
            log("ad hoc run of " + include + " (-prof gc" + (stack ? ", stack" : "") + ")");
            for (RunResult r : runJmh("adhoc", PKG + include, 1, true, stack, 3, 5)) {
                System.out.printf(Locale.ROOT, "%s: %.2f %s, %.0f B/op%n", r.getParams().getBenchmark(),
                        r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit(), allocation(r));
            }
            return 0;
        }
        if (wanted("local")) {
            log("LOCAL hit and disabled path (-prof gc)");
            runJmh("local", PKG + "(LocalHitBench|DisabledBench)\\.", 1, true, false, 3, 4);
            report.local(results);
            if (stack) {
                log("stack profile of the LOCAL hit and the disabled path");
                runJmh("stack", PKG + "(LocalHitBench\\.gcached|DisabledBench\\.gcachedDisabled)$", 1, false, true, 2,
                        3);
            }
        }
        if (wanted("requestlocal")) {
            log("REQUEST_LOCAL hit and a LOCAL hit of the same method (-prof gc)");
            runJmh("requestlocal", PKG + "RequestLocalBench\\.", 1, true, false, 3, 4);
            report.requestLocal(results);
        }
        if (wanted("key")) {
            log("key building with 0, 2 and 6 arguments (-prof gc)");
            runJmh("key", PKG + "KeyBench\\.", 1, true, false, 2, 3);
            report.keys(results);
        }
        if (wanted("throughput")) {
            // 1 and 2 threads in every round (the ratio is the target, and moves by 0.3 between rounds); 8 in the first
            int rounds = quick ? 1 : 5;
            for (int r = 0; r < rounds; r++) {
                for (int threads : r == 0 ? new int[] { 1, 2, 8 } : new int[] { 1, 2 }) {
                    log("LOCAL-hit throughput, " + threads + " thread(s), round " + (r + 1) + "/" + rounds);
                    for (RunResult rr : runJmh("throughput-" + threads + "t-r" + r, PKG + "ThroughputBench\\.", threads,
                            false, false, 2, 3)) {
                        String benchmark = rr.getParams().getBenchmark();
                        report.throughput(benchmark.substring(benchmark.lastIndexOf('.') + 1), threads,
                                rr.getPrimaryResult().getScore());
                    }
                }
            }
        }
        if (wanted("remote")) {
            if (Beans.redis == null) {
                report.note("REMOTE skipped: no Redis (run.sh passes -Dquarkus.redis.hosts)");
            } else {
                int rounds = quick ? 2 : 6;
                for (int r = 0; r < rounds; r++) {
                    // each round rotates which one goes first
                    List<String> order = new ArrayList<>(List.of("gcachedRemote", "rawGet", "rawRead", "rawReadScript"));
                    java.util.Collections.rotate(order, r);
                    Map<String, Double> round = new LinkedHashMap<>();
                    for (String b : order) {
                        log("REMOTE hit, round " + (r + 1) + "/" + rounds + ": " + b);
                        RunResult rr = runJmh("remote-r" + r + "-" + b, PKG + "RemoteHitBench\\." + b + "$", 1, false,
                                false, 1, 2).get(0);
                        round.put(b, rr.getPrimaryResult().getScore());
                    }
                    report.remoteRound(round.get("gcachedRemote"), round.get("rawGet"), round.get("rawRead"),
                            round.get("rawReadScript"));
                }
                log("REMOTE hit, paired: the four rows interleaved call by call");
                report.remotePairs(RemotePairs.run(quick ? 2_000 : 20_000));
            }
        }
        if (wanted("shadow") && Beans.redis != null) {
            // REMOTE hit with shadow validation at 100% against 0%, interleaved, the order rotating each round
            int rounds = quick ? 2 : 6;
            for (int r = 0; r < rounds; r++) {
                List<String> order = new ArrayList<>(List.of("gcachedRemote", "gcachedRemoteShadow100"));
                java.util.Collections.rotate(order, r);
                Map<String, Double> round = new LinkedHashMap<>();
                for (String b : order) {
                    log("REMOTE hit with shadow 0% / 100%, round " + (r + 1) + "/" + rounds + ": " + b);
                    RunResult rr = runJmh("shadow-r" + r + "-" + b, PKG + "RemoteHitBench\\." + b + "$", 1, false,
                            false, 1, 2).get(0);
                    round.put(b, rr.getPrimaryResult().getScore());
                }
                report.shadowRound(round.get("gcachedRemoteShadow100"), round.get("gcachedRemote"));
            }
            log("REMOTE hit with shadow 0% / 100%, paired: interleaved call by call");
            report.shadowPairs(ShadowPairs.run(quick ? 2_000 : 20_000));
        }
        if (wanted("remote32")) {
            if (Beans.redis == null) {
                report.note("REMOTE under concurrency skipped: no Redis (run.sh passes -Dquarkus.redis.hosts)");
            } else {
                int rounds = quick ? 1 : 4;
                for (int r = 0; r < rounds; r++) {
                    List<String> order = new ArrayList<>(List.of("gcachedRemote", "rawGet"));
                    java.util.Collections.rotate(order, r);
                    Map<String, Double> round = new LinkedHashMap<>();
                    for (String b : order) {
                        log("REMOTE hits, 32 threads on distinct keys, round " + (r + 1) + "/" + rounds + ": " + b);
                        RunResult rr = runJmh("remote32-r" + r + "-" + b, PKG + "RemoteConcurrentBench\\." + b + "$", 32,
                                false, false, 1, 3).get(0);
                        round.put(b, rr.getPrimaryResult().getScore());
                    }
                    report.remoteConcurrentRound(round.get("gcachedRemote"), round.get("rawGet"));
                }
            }
        }
        if (wanted("stampede")) {
            int rounds = quick ? 1 : 3;
            log("stampede: 1000 callers on a cold key, LOCAL only");
            report.stampede(Stampede.run("LOCAL", gcached::slow, 1000, rounds));
            if (Beans.redis != null) {
                log("stampede: 1000 callers on a cold key, LOCAL and REMOTE");
                report.stampede(Stampede.run("LOCAL+REMOTE", gcached::slowBoth, 1000, rounds));
            }
        }
        if (wanted("http")) {
            if (!Wrk.available()) {
                report.note("HTTP skipped: wrk is not installed (apt-get install wrk)");
            } else {
                int seconds = quick ? 2 : 6;
                // warm-up: two passes, so that the JIT has seen all three endpoints (they share the REST stack)
                // before the first measured round
                for (int pass = 0; pass < 2; pass++) {
                    for (String path : List.of("/bench/gcached/u1", "/bench/uncached/u1", "/bench/cacheresult/u1")) {
                        Wrk.run(httpPort, path, quick ? 1 : 3, 16);
                    }
                }
                int rounds = quick ? 1 : 3;
                for (int r = 0; r < rounds; r++) {
                    for (String path : List.of("/bench/gcached/u1", "/bench/uncached/u1", "/bench/cacheresult/u1")) {
                        log("wrk " + path + ", round " + (r + 1) + "/" + rounds);
                        Wrk.Result w = Wrk.run(httpPort, path, seconds, 16);
                        Files.writeString(out.resolve("wrk-r" + r + path.replace('/', '-') + ".txt"), w.raw());
                        report.http(path, w);
                    }
                }
            }
        }
        String table = report.render();
        Files.writeString(out.resolve("results.md"), table, StandardCharsets.UTF_8);
        PrintStream console = System.out;
        console.println();
        console.println(table);
        console.println("(also in " + out.resolve("results.md").toAbsolutePath() + "; JMH logs beside it)");
        return 0;
    }

    private boolean wanted(String part) {
        return only.isEmpty() || only.contains(part);
    }

    private List<RunResult> runJmh(String name, String include, int threads, boolean gc, boolean stackProfile,
            int warmups, int measurements) throws RunnerException {
        String file = out.resolve(String.format(Locale.ROOT, "jmh-%02d-%s.log", ++run, name)).toString();
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(include)
                .forks(0)
                .threads(threads)
                .warmupIterations(quick ? 1 : warmups)
                .warmupTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : measurements)
                .measurementTime(quick ? TimeValue.milliseconds(300) : TimeValue.seconds(1))
                .shouldFailOnError(true)
                .shouldDoGC(true)
                .output(file);
        if (gc) {
            o.addProfiler(GCProfiler.class);
        }
        if (stackProfile) {
            o.addProfiler(StackProfiler.class, "lines=12;top=15;detailLine=true");
        }
        Collection<RunResult> rr = new Runner(o.build()).run();
        List<RunResult> list = new ArrayList<>();
        for (RunResult r : rr) {
            String benchmark = r.getParams().getBenchmark();
            results.put(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1), r);
            list.add(r);
        }
        if (list.isEmpty()) {
            throw new IllegalStateException("JMH ran nothing for " + include + "; see " + file);
        }
        return list;
    }

    /** The gc.alloc.rate.norm of a run, in bytes per operation, or NaN. */
    static double allocation(RunResult r) {
        if (r == null) {
            return Double.NaN;
        }
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static String quarkusVersion() {
        try (var in = BenchMain.class.getResourceAsStream("/bench.properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("quarkus.version", "?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void log(String what) {
        System.out.println("[bench] " + what);
    }

    private static List<String> machine() {
        List<String> lines = new ArrayList<>();
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            // not Linux
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean hints = jvmArgs.stream().anyMatch(a -> a.startsWith("-XX:CompileCommandFile="));
        boolean blackholes = Boolean.getBoolean("compilerBlackholesEnabled");
        lines.add("CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        lines.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        lines.add("JMH 1.37 in-process (forks(0)) inside Quarkus " + quarkusVersion()
                + "; compiler hints: " + (hints ? "yes" : "NO") + ", compiler blackholes: " + (blackholes ? "yes" : "NO"));
        if (!hints || !blackholes) {
            lines.add("WARNING: started without JMH's compiler hints or compiler blackholes: use run.sh");
        }
        return lines;
    }
}
