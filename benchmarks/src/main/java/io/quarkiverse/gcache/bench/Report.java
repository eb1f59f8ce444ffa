package io.quarkiverse.gcache.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;

/** Collects one run's figures and renders them as Markdown tables: ratios next to the absolute numbers. */
final class Report {

    private final boolean quick;
    private final List<String> machine = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String[]> targets = new ArrayList<>();
    private final List<String[]> figures = new ArrayList<>();
    private final List<String[]> keys = new ArrayList<>();
    /** ops/µs by benchmark ({@code gcachedLocalHit}, {@code caffeineHit}), then by thread count, one per round. */
    private final Map<String, Map<Integer, List<Double>>> throughput = new LinkedHashMap<>();
    private final List<double[]> remote = new ArrayList<>();
    private RemotePairs.Result remotePairs;
    private final List<double[]> shadow = new ArrayList<>();
    /** ops/ms of 32 threads on distinct keys, one per round: @GCached REMOTE hit, raw GET. */
    private final List<double[]> remoteConcurrent = new ArrayList<>();
    private ShadowPairs.Result shadowPairs;
    private final List<Stampede.Result> stampedes = new ArrayList<>();
    private final Map<String, List<Wrk.Result>> http = new LinkedHashMap<>();

    Report(boolean quick) {
        this.quick = quick;
    }

    void machine(List<String> lines) {
        machine.addAll(lines);
    }

    void note(String note) {
        notes.add(note);
    }

    void local(Map<String, RunResult> r) {
        double gcached = score(r, "LocalHitBench.gcached");
        double cacheResult = score(r, "LocalHitBench.cacheResult");
        double localLayer = score(r, "LocalHitBench.localLayer");
        double caffeine = score(r, "LocalHitBench.caffeine");
        double caffeineSameThread = score(r, "LocalHitBench.caffeineSameThread");
        double plain = score(r, "LocalHitBench.plain");
        double disabled = score(r, "DisabledBench.gcachedDisabled");
        double noOp = score(r, "DisabledBench.noOpInterceptor");
        double plainB = score(r, "DisabledBench.plain");
        double alloc = BenchMain.allocation(r.get("LocalHitBench.gcached"));
        target("LOCAL hit: @GCached / @CacheResult", ns(gcached) + " / " + ns(cacheResult), gcached / cacheResult,
                "≤ 0.25", gcached / cacheResult <= 0.25);
        target("Bytes allocated per @GCached LOCAL hit", bytes(alloc), Double.NaN, "≤ 64 B", alloc <= 64);
        target("Disabled path / no-op interceptor", ns(disabled) + " / " + ns(noOp), disabled / noOp, "≤ 1.5",
                disabled / noOp <= 1.5);
        figure("GCache's LOCAL layer alone / raw Caffeine getIfPresent", ns(localLayer) + " / " + ns(caffeine),
                localLayer / caffeine);
        figure("LOCAL hit: @GCached / raw Caffeine getIfPresent", ns(gcached) + " / " + ns(caffeine), gcached / caffeine);
        figure("LOCAL hit: @GCached / raw Caffeine, same-thread maintenance",
                ns(gcached) + " / " + ns(caffeineSameThread), gcached / caffeineSameThread);
        figure("LOCAL hit: @GCached / plain call", ns(gcached) + " / " + ns(plain), gcached / plain);
        figure("LOCAL hit: @CacheResult / plain call", ns(cacheResult) + " / " + ns(plain), cacheResult / plain);
        figure("Disabled path / plain call", ns(disabled) + " / " + ns(plainB), disabled / plainB);
        figure("No-op interceptor / plain call", ns(noOp) + " / " + ns(plainB), noOp / plainB);
        for (String b : List.of("LocalHitBench.gcached", "LocalHitBench.cacheResult", "LocalHitBench.localLayer",
                "LocalHitBench.caffeine",
                "LocalHitBench.caffeineSameThread", "LocalHitBench.plain", "DisabledBench.gcachedDisabled", "DisabledBench.noOpInterceptor",
                "DisabledBench.plain")) {
            figure("Allocated per op: " + b, bytes(BenchMain.allocation(r.get(b))), Double.NaN);
        }
    }

    void requestLocal(Map<String, RunResult> r) {
        double local = score(r, "RequestLocalBench.localHit");
        double memo = score(r, "RequestLocalBench.requestLocalHit");
        double localNew = score(r, "RequestLocalBench.localHitNewScope");
        double both = score(r, "RequestLocalBench.requestLocalOverLocalNewScope");
        double alloc = BenchMain.allocation(r.get("RequestLocalBench.requestLocalHit"));
        target("Request-local hit (LOCAL, REMOTE off) / LOCAL hit, same method", ns(memo) + " / " + ns(local),
                memo / local, "≤ 1.0", memo / local <= 1.0);
        target("Bytes allocated per request-local hit", bytes(alloc), Double.NaN, "≤ 64 B", alloc <= 64);
        target("Request-local on + LOCAL hit / LOCAL hit alone (a new scope per call)", ns(both) + " / " + ns(localNew),
                both / localNew, "≤ 1.2", both / localNew <= 1.2);
        for (String b : List.of("RequestLocalBench.localHit", "RequestLocalBench.requestLocalHit",
                "RequestLocalBench.localHitNewScope", "RequestLocalBench.requestLocalOverLocalNewScope")) {
            figure("Allocated per op: " + b, bytes(BenchMain.allocation(r.get(b))), Double.NaN);
        }
    }

    void keys(Map<String, RunResult> r) {
        for (int n : new int[] { 0, 2, 6 }) {
            keys.add(new String[] { String.valueOf(n), ns(score(r, "KeyBench.localKey" + n)),
                    bytes(BenchMain.allocation(r.get("KeyBench.localKey" + n))), ns(score(r, "KeyBench.urn" + n)),
                    bytes(BenchMain.allocation(r.get("KeyBench.urn" + n))), ns(score(r, "KeyBench.hit" + n)),
                    bytes(BenchMain.allocation(r.get("KeyBench.hit" + n))) });
        }
    }

    void throughput(String benchmark, int threads, double opsPerMicro) {
        throughput.computeIfAbsent(benchmark, b -> new LinkedHashMap<>())
                .computeIfAbsent(threads, t -> new ArrayList<>()).add(opsPerMicro);
    }

    void remotePairs(RemotePairs.Result r) {
        remotePairs = r;
    }

    void remoteRound(double gcachedMicros, double rawMicros, double readMicros, double scriptMicros) {
        remote.add(new double[] { gcachedMicros, rawMicros, readMicros, scriptMicros });
    }

    void shadowPairs(ShadowPairs.Result r) {
        shadowPairs = r;
    }

    void shadowRound(double shadow100Micros, double shadow0Micros) {
        shadow.add(new double[] { shadow100Micros, shadow0Micros });
    }

    void remoteConcurrentRound(double gcachedOpsPerMs, double rawOpsPerMs) {
        remoteConcurrent.add(new double[] { gcachedOpsPerMs, rawOpsPerMs });
    }

    void stampede(Stampede.Result r) {
        stampedes.add(r);
    }

    void http(String path, Wrk.Result r) {
        http.computeIfAbsent(path, p -> new ArrayList<>()).add(r);
    }

    /** 2 threads / 1 thread, round by round. */
    private static double[] roundRatios(Map<Integer, List<Double>> byThreads) {
        int rounds = byThreads.get(1).size();
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = byThreads.get(2).get(i) / byThreads.get(1).get(i);
        }
        return ratios;
    }

    String render() {
        if (throughput.containsKey("gcachedLocalHit")) {
            Map<Integer, List<Double>> gcached = throughput.get("gcachedLocalHit");
            double[] ratios = roundRatios(gcached);
            double ratio = median(ratios);
            target("LOCAL-hit throughput: 2 threads / 1 thread (median of the rounds)",
                    mops(median(gcached.get(2))) + " / " + mops(median(gcached.get(1))), ratio, "≥ 1.8",
                    ratio >= 1.8);
            figure("LOCAL-hit throughput: 8 threads / 1 thread", mops(median(gcached.get(8))) + " / "
                    + mops(median(gcached.get(1))), median(gcached.get(8)) / median(gcached.get(1)));
            figure("LOCAL-hit throughput, 2t/1t ratio per round", Arrays.toString(round2(ratios)), Double.NaN);
            Map<Integer, List<Double>> caffeine = throughput.get("caffeineHit");
            if (caffeine != null) {
                double[] baseline = roundRatios(caffeine);
                figure("Raw Caffeine hit throughput, same runs: 2 threads / 1 thread (this machine's ceiling)",
                        mops(median(caffeine.get(2))) + " / " + mops(median(caffeine.get(1))),
                        median(baseline));
                figure("Raw Caffeine hit throughput, 2t/1t ratio per round", Arrays.toString(round2(baseline)),
                        Double.NaN);
            }
        }
        if (!remote.isEmpty()) {
            double[] ratios = remote.stream().mapToDouble(p -> p[0] / p[1]).toArray();
            double g = median(remote.stream().map(p -> p[0]).toList());
            double raw = median(remote.stream().map(p -> p[1]).toList());
            double ratio = median(ratios);
            target("REMOTE hit (LOCAL off) / raw GET, same client (median of " + ratios.length + " interleaved rounds)",
                    us(g) + " / " + us(raw), ratio, "≤ 1.15", ratio <= 1.15);
            double read = median(remote.stream().map(p -> p[2]).toList());
            figure("Raw MGET of entry and watermark (GCache's read) / raw GET (Redis's side of the difference)",
                    us(read) + " / " + us(raw), median(remote.stream().mapToDouble(p -> p[2] / p[1]).toArray()));
            figure("REMOTE hit / raw MGET of GCache's read (GCache's client side)", us(g) + " / " + us(read),
                    median(remote.stream().mapToDouble(p -> p[0] / p[2]).toArray()));
            double script = median(remote.stream().map(p -> p[3]).toList());
            figure("Raw EVALSHA of the read script (used while the Redis clock is not estimated) / raw GET",
                    us(script) + " / " + us(raw), median(remote.stream().mapToDouble(p -> p[3] / p[1]).toArray()));
            StringBuilder rounds = new StringBuilder();
            for (double[] p : remote) {
                rounds.append(String.format(Locale.ROOT, "%.1f/%.1f/%.1f/%.1f ", p[0], p[1], p[2], p[3]));
            }
            figure("REMOTE rounds, µs (@GCached / raw GET / raw MGET / raw script)", rounds.toString().trim(), Double.NaN);
        }
        if (!shadow.isEmpty()) {
            double[] ratios = shadow.stream().mapToDouble(p -> p[0] / p[1]).toArray();
            double ratio = median(ratios);
            target("REMOTE hit, shadow 100% / shadow 0%, caller side (median of " + ratios.length
                    + " interleaved rounds)", us(median(shadow.stream().map(p -> p[0]).toList())) + " / "
                            + us(median(shadow.stream().map(p -> p[1]).toList())),
                    ratio, "≤ 1.10", ratio <= 1.10);
            StringBuilder rounds = new StringBuilder();
            for (double[] p : shadow) {
                rounds.append(String.format(Locale.ROOT, "%.1f/%.1f ", p[0], p[1]));
            }
            figure("Shadow rounds, µs (100% / 0%)", rounds.toString().trim(), Double.NaN);
        }
        if (shadowPairs != null) {
            ShadowPairs.Result p = shadowPairs;
            target("REMOTE hit, shadow 100% / 0%, paired (medians of " + p.calls() + " calls each, interleaved)",
                    us(p.shadow100()) + " / " + us(p.shadow0()), p.shadow100() / p.shadow0(), "≤ 1.10",
                    p.shadow100() / p.shadow0() <= 1.10);
            figure("REMOTE hit, shadow 100% / 0%, paired, 99th percentiles", us(p.shadow100p99()) + " / "
                    + us(p.shadow0p99()), p.shadow100p99() / p.shadow0p99());
        }
        if (!remoteConcurrent.isEmpty()) {
            double[] ratios = remoteConcurrent.stream().mapToDouble(p -> p[0] / p[1]).toArray();
            double ratio = median(ratios);
            double g = median(remoteConcurrent.stream().map(p -> p[0]).toList());
            double raw = median(remoteConcurrent.stream().map(p -> p[1]).toList());
            target("REMOTE-hit throughput, 32 threads on distinct keys: @GCached / raw GET, same client (median of "
                    + ratios.length + " rounds)", String.format(Locale.ROOT, "%.1f / %.1f ops/ms", g, raw), ratio,
                    "≥ 0.85", ratio >= 0.85);
            figure("REMOTE-hit throughput at 32 threads, @GCached / raw GET per round", Arrays.toString(round2(ratios)),
                    Double.NaN);
        }
        if (remotePairs != null) {
            RemotePairs.Result p = remotePairs;
            figure("REMOTE hit / raw GET, paired (medians of " + p.calls() + " calls each, interleaved call by call)",
                    us(p.gcached()) + " / " + us(p.rawGet()), p.gcached() / p.rawGet());
            figure("Raw MGET (GCache's read) / raw GET, paired", us(p.rawRead()) + " / " + us(p.rawGet()),
                    p.rawRead() / p.rawGet());
            figure("REMOTE hit / raw MGET, paired (GCache's client side)", us(p.gcached()) + " / " + us(p.rawRead()),
                    p.gcached() / p.rawRead());
            figure("Raw EVALSHA of the read script / raw GET, paired", us(p.rawScript()) + " / " + us(p.rawGet()),
                    p.rawScript() / p.rawGet());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("## GCache benchmark results").append(quick ? " (QUICK MODE: not for publication)" : "").append("\n\n");
        for (String m : machine) {
            sb.append("- ").append(m).append('\n');
        }
        sb.append("\n### Targets (ratios measured in this run)\n\n");
        sb.append("| Measure | Absolute | Ratio | Target | Met |\n|---|---|---|---|---|\n");
        for (String[] t : targets) {
            sb.append("| ").append(String.join(" | ", t)).append(" |\n");
        }
        sb.append("\n### Other figures\n\n| Measure | Absolute | Ratio |\n|---|---|---|\n");
        for (String[] f : figures) {
            sb.append("| ").append(String.join(" | ", f)).append(" |\n");
        }
        if (!keys.isEmpty()) {
            sb.append("\n### Key building (key arguments besides the id)\n\n");
            sb.append("| Arguments | LOCAL key | alloc | URN | alloc | LOCAL hit (whole call) | alloc |\n");
            sb.append("|---|---|---|---|---|---|---|\n");
            for (String[] k : keys) {
                sb.append("| ").append(String.join(" | ", k)).append(" |\n");
            }
        }
        if (!stampedes.isEmpty()) {
            sb.append("\n### Stampede: concurrent calls on a cold key (method takes ").append(Stampede.METHOD_MILLIS)
                    .append(" ms; wait from the common release of all callers, and from each caller's own call)\n\n")
                    .append("| Layers | Callers | Rounds | Method runs per round | Wait p50 | Wait p99 | Wait max "
                            + "| Own-call p50 | Own-call p99 |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Stampede.Result s : stampedes) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n",
                        s.name(), s.callers(), s.rounds(), s.methodRunsPerRound(), s.p50Millis(), s.p99Millis(),
                        s.maxMillis(), s.p50CallMillis(), s.p99CallMillis()));
            }
        }
        if (!http.isEmpty()) {
            sb.append("\n### HTTP (wrk, 1 thread, 16 connections, loopback; server and wrk share the 2 cores)\n\n");
            sb.append("| Endpoint | Requests/s (median) | p99 latency | Ratio to uncached |\n|---|---|---|---|\n");
            double uncached = median(http.getOrDefault("/bench/uncached/u1", List.of()).stream()
                    .map(Wrk.Result::requestsPerSecond).toList());
            for (Map.Entry<String, List<Wrk.Result>> e : http.entrySet()) {
                double rps = median(e.getValue().stream().map(Wrk.Result::requestsPerSecond).toList());
                double p99 = median(e.getValue().stream().map(Wrk.Result::p99Millis).toList());
                sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f ms | %.2f× |\n", e.getKey(), rps, p99,
                        rps / uncached));
            }
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    private void target(String what, String absolute, double ratio, String target, boolean met) {
        targets.add(new String[] { what, absolute, ratio(ratio), target, met ? "yes" : "**NO**" });
    }

    private void figure(String what, String absolute, double ratio) {
        figures.add(new String[] { what, absolute, ratio(ratio) });
    }

    private static double score(Map<String, RunResult> r, String name) {
        RunResult rr = r.get(name);
        return rr == null ? Double.NaN : rr.getPrimaryResult().getScore();
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double[] round2(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 100) / 100.0).toArray();
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String ns(double v) {
        return String.format(Locale.ROOT, "%.1f ns", v);
    }

    private static String us(double v) {
        return String.format(Locale.ROOT, "%.1f µs", v);
    }

    private static String mops(double opsPerMicro) {
        return String.format(Locale.ROOT, "%.1f M ops/s", opsPerMicro);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f B", v);
    }
}
