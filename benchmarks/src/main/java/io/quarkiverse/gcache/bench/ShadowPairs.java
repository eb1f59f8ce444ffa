package io.quarkiverse.gcache.bench;

import java.util.Arrays;

import io.quarkiverse.gcache.bench.jmh.RemoteHitBench;

/**
 * The caller's side of shadow validation, paired: a REMOTE hit of a use case with shadow at 0% and one at 100%,
 * interleaved call by call (each round starting with the other one), each call timed on its own, so both see the same
 * load from other processes. Medians and 99th percentiles, in microseconds.
 */
public final class ShadowPairs {

    public record Result(int calls, double shadow0, double shadow100, double shadow0p99, double shadow100p99) {
    }

    private ShadowPairs() {
    }

    public static Result run(int calls) {
        RemoteHitBench bench = new RemoteHitBench();
        bench.setUp();
        try {
            Runnable[] rows = { bench::gcachedRemote, bench::gcachedRemoteShadow100 };
            long[][] nanos = new long[rows.length][calls];
            for (int i = 0; i < calls / 4; i++) {
                for (Runnable row : rows) {
                    row.run();
                }
            }
            for (int i = 0; i < calls; i++) {
                for (int k = 0; k < rows.length; k++) {
                    int row = (i + k) % rows.length;
                    long start = System.nanoTime();
                    rows[row].run();
                    nanos[row][i] = System.nanoTime() - start;
                }
            }
            return new Result(calls, quantileMicros(nanos[0], 0.5), quantileMicros(nanos[1], 0.5),
                    quantileMicros(nanos[0], 0.99), quantileMicros(nanos[1], 0.99));
        } finally {
            bench.tearDown();
        }
    }

    private static double quantileMicros(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
    }
}
