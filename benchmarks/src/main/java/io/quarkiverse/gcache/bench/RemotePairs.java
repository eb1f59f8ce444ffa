package io.quarkiverse.gcache.bench;

import java.util.Arrays;

import io.quarkiverse.gcache.bench.jmh.RemoteHitBench;

/**
 * (c, paired) The REMOTE rows of {@link RemoteHitBench} once more, interleaved call by call instead of run by run:
 * {@code @GCached}, raw GET, raw MGET and raw script in turn (each round starting with the next one), each call timed on
 * its own. Load from other processes that comes and goes over seconds moves JMH's runs of a few seconds each, and so
 * the ratio of two of them; here every row sees the same load, so the ratio of medians holds on a busy machine too.
 */
public final class RemotePairs {

    /** Median latency of each row, in microseconds: @GCached, raw GET, raw MGET, raw script. */
    public record Result(int calls, double gcached, double rawGet, double rawRead, double rawScript) {
    }

    private RemotePairs() {
    }

    public static Result run(int calls) {
        RemoteHitBench bench = new RemoteHitBench();
        bench.setUp();
        try {
            Runnable[] rows = { bench::gcachedRemote, bench::rawGet, bench::rawRead, bench::rawReadScript };
            long[][] nanos = new long[rows.length][calls];
            for (int i = 0; i < calls / 4; i++) { // warm-up, after the JMH runs have compiled the same paths
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
            return new Result(calls, medianMicros(nanos[0]), medianMicros(nanos[1]), medianMicros(nanos[2]),
                    medianMicros(nanos[3]));
        } finally {
            bench.tearDown();
        }
    }

    private static double medianMicros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000.0;
    }
}
