package io.quarkiverse.gcache.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import io.quarkiverse.gcache.GCacheScope;

/**
 * (4) 1000 concurrent calls on a cold key: how often the method ran, and how long the callers waited (from their
 * call to its return). Platform threads, each inside its own enable scope, released together by a latch.
 */
public final class Stampede {

    public static final long METHOD_MILLIS = 100;

    /** Waits in milliseconds: from the common release of all callers, and from each caller's own call. */
    public record Result(String name, int callers, int rounds, double methodRunsPerRound, double p50Millis,
            double p99Millis, double maxMillis, double p50CallMillis, double p99CallMillis) {
    }

    private Stampede() {
    }

    public static Result run(String name, Function<String, User> call, int callers, int rounds) throws Exception {
        List<Long> waits = new ArrayList<>();
        List<Long> callWaits = new ArrayList<>();
        int runs = 0;
        for (int r = 0; r < rounds; r++) {
            String key = "stampede-" + name + "-" + System.nanoTime() + "-" + r; // cold in both layers
            int before = GCachedService.SLOW_CALLS.get();
            long[] wait = new long[callers];
            long[] callWait = new long[callers];
            long[] released = new long[1];
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            Thread[] threads = new Thread[callers];
            Throwable[] failure = new Throwable[1];
            for (int i = 0; i < callers; i++) {
                int n = i;
                threads[i] = new Thread(() -> {
                    try (GCacheScope ignored = Beans.gcache.enable()) {
                        ready.countDown();
                        go.await();
                        long start = System.nanoTime();
                        call.apply(key);
                        long end = System.nanoTime();
                        wait[n] = end - released[0];
                        callWait[n] = end - start;
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                }, "stampede-" + i);
                threads[i].start();
            }
            ready.await();
            released[0] = System.nanoTime();
            go.countDown(); // happens-before each caller's await returns: they all see released[0]
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a stampede caller failed", failure[0]);
            }
            runs += GCachedService.SLOW_CALLS.get() - before;
            for (int i = 0; i < callers; i++) {
                waits.add(wait[i]);
                callWaits.add(callWait[i]);
            }
        }
        long[] sorted = waits.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        long[] sortedCalls = callWaits.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sortedCalls);
        return new Result(name, callers, rounds, (double) runs / rounds, percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6, percentile(sortedCalls, 50) / 1e6,
                percentile(sortedCalls, 99) / 1e6);
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
