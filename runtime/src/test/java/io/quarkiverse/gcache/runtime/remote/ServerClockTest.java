package io.quarkiverse.gcache.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The arithmetic of the Redis clock estimate, on given local times (the real server is in the deployment module's
 * RedisClockEstimateTest): early by the sample's round trip and the allowed drift, never moved back by a sample
 * that agrees with it, replaced by one that shows it was ahead, and given up when old or forgotten.
 */
class ServerClockTest {

    static final long T0 = 1_000_000_000_000L; // an arbitrary System.nanoTime()
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void noSampleNoEstimate() {
        assertThat(new ServerClock().nowMillis(T0)).isEqualTo(ServerClock.UNKNOWN);
    }

    @Test
    void theEstimateStartsAtTheServerTimeWhenTheAnswerCameAndLosesTheAllowedDriftAsItAges() {
        ServerClock clock = new ServerClock();
        clock.record(5_000, T0, T0 + 3 * MS); // Redis read 5000 somewhere in the 3 ms round trip
        assertThat(clock.nowMillis(T0 + 3 * MS)).isEqualTo(5_000);
        assertThat(clock.nowMillis(T0 + 3 * MS + 1000 * MS)).isEqualTo(5_000 + 1000 - 1); // 1000 ppm of a second
    }

    @Test
    void aSampleWithALongerRoundTripDoesNotMoveTheEstimateBack() {
        ServerClock clock = new ServerClock();
        clock.record(5_000, T0, T0 + MS);
        long before = clock.nowMillis(T0 + 500 * MS);
        // Redis answered 5300 at 500 ms, which a 300 ms round trip cannot tell from 5499.
        clock.record(5_300, T0 + 200 * MS, T0 + 500 * MS);
        assertThat(clock.nowMillis(T0 + 500 * MS)).isEqualTo(before);
    }

    @Test
    void aSampleShowingTheEstimateAheadOfTheServerReplacesIt() {
        ServerClock clock = new ServerClock();
        clock.record(5_000, T0, T0 + MS);
        // A failover onto a server whose clock is 2 s behind: its answer, even at the end of the round trip, is
        // below the estimate, which would make fills overtaken by an invalidation look fresh.
        clock.record(3_500, T0 + 499 * MS, T0 + 500 * MS);
        assertThat(clock.nowMillis(T0 + 500 * MS)).isEqualTo(3_500);
    }

    @Test
    void anOldSampleOrAForgottenOneGivesNoEstimate() {
        ServerClock clock = new ServerClock();
        clock.record(5_000, T0, T0 + MS);
        assertThat(clock.nowMillis(T0 + MS + ServerClock.MAX_AGE_NANOS)).isNotEqualTo(ServerClock.UNKNOWN);
        assertThat(clock.nowMillis(T0 + 2 * MS + ServerClock.MAX_AGE_NANOS)).isEqualTo(ServerClock.UNKNOWN);
        clock.forget();
        assertThat(clock.nowMillis(T0 + 2 * MS)).isEqualTo(ServerClock.UNKNOWN);
    }

    @Test
    void oneCallerAtATimeIsToldToSampleAtMostOncePerRefresh() {
        ServerClock clock = new ServerClock();
        long now = System.nanoTime();
        assertThat(clock.sampleDue(now)).isTrue();
        assertThat(clock.sampleDue(now)).isFalse(); // its sample is on the way
        clock.record(5_000, now, now + MS);
        assertThat(clock.sampleDue(now + ServerClock.REFRESH_NANOS / 2)).isFalse();
        assertThat(clock.sampleDue(now + ServerClock.REFRESH_NANOS + MS)).isTrue();
    }
}
