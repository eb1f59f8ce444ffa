package io.quarkiverse.gcache.runtime.shadow;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * One use case's shadow outcomes so far, for the Dev UI: counts per outcome, and the ages of the latest confirmed
 * mismatches (a bounded ring) for their median.
 */
public final class ShadowTally {

    private static final int AGES_KEPT = 256;

    private final LongAdder[] counts = new LongAdder[ShadowOutcome.values().length];
    private final double[] mismatchAges = new double[AGES_KEPT];
    private long mismatchesSeen;

    public ShadowTally() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void add(ShadowOutcome outcome) {
        counts[outcome.ordinal()].increment();
    }

    public synchronized void age(ShadowOutcome outcome, double seconds) {
        if (outcome == ShadowOutcome.MISMATCH) {
            mismatchAges[(int) (mismatchesSeen++ % AGES_KEPT)] = seconds;
        }
    }

    public long count(ShadowOutcome outcome) {
        return counts[outcome.ordinal()].sum();
    }

    /** The median age, in seconds, of the latest confirmed mismatches, or {@code -1} when there was none. */
    public synchronized double medianMismatchAge() {
        int n = (int) Math.min(mismatchesSeen, AGES_KEPT);
        if (n == 0) {
            return -1;
        }
        double[] sorted = Arrays.copyOf(mismatchAges, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
