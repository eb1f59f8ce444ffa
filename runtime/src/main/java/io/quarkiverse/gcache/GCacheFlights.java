package io.quarkiverse.gcache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@link GCache#inFlight()} saw at {@code takenAt}: per use case, the fills running in this process now and the
 * callers waiting for them (SPEC §11). A snapshot, immutable; it does not change when the flights do.
 *
 * @param takenAt when the snapshot was taken
 * @param useCases every declared use case, in name order, those without a running fill included
 */
public record GCacheFlights(Instant takenAt, List<UseCaseFlights> useCases) {

    public GCacheFlights {
        useCases = List.copyOf(useCases);
    }

    /**
     * The fills of one use case.
     *
     * @param useCase the use case's name
     * @param leaders how many fills run (one per key: the call that leads it runs the method or reads REMOTE)
     * @param followers how many callers wait for those fills instead of running the method themselves
     * @param oldestLeaderAge how long the oldest running fill has run ({@link Duration#ZERO} when none runs)
     */
    public record UseCaseFlights(String useCase, int leaders, int followers, Duration oldestLeaderAge) {
    }

    /**
     * The flights of the use case {@code name}.
     *
     * @throws IllegalArgumentException when no use case has that name
     */
    public UseCaseFlights useCase(String name) {
        for (UseCaseFlights f : useCases) {
            if (f.useCase().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("No use case " + name);
    }

    /** The running fills of every use case. */
    public int leaders() {
        return useCases.stream().mapToInt(UseCaseFlights::leaders).sum();
    }

    /** The waiting callers of every use case. */
    public int followers() {
        return useCases.stream().mapToInt(UseCaseFlights::followers).sum();
    }
}
