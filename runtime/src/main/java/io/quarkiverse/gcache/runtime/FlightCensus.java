package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.quarkiverse.gcache.GCacheFlights;
import io.quarkiverse.gcache.GCacheFlights.UseCaseFlights;

/**
 * Counts the flights of every use case for {@code GCache.inFlight()} and the Dev UI: walks each use case's map of
 * running fills, which calls lead and follow anyway, so counting costs the calls nothing. A fill no longer in the map
 * is not counted: one that ended, and one that a later call replaced once it ran past its deadline (its followers
 * have gone their own way by then; its method may still be running, and only the log says so).
 */
final class FlightCensus {

    private FlightCensus() {
    }

    static GCacheFlights take(UseCase[] useCases) {
        Instant takenAt = Instant.now();
        long now = System.nanoTime();
        List<UseCaseFlights> out = new ArrayList<>(useCases.length);
        for (UseCase uc : useCases) {
            int leaders = 0;
            int followers = 0;
            long oldest = 0;
            for (Flight flight : uc.flights.values()) {
                if (flight.isDone()) {
                    continue; // ended, about to leave the map
                }
                leaders++;
                followers += flight.getNumberOfDependents();
                oldest = Math.max(oldest, now - flight.started);
            }
            out.add(new UseCaseFlights(uc.name(), leaders, followers, Duration.ofNanos(oldest)));
        }
        out.sort(Comparator.comparing(UseCaseFlights::useCase));
        return new GCacheFlights(takenAt, out);
    }
}
