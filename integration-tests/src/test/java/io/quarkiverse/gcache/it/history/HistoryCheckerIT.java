package io.quarkiverse.gcache.it.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.it.history.HistoryChecker.Verdict;

/**
 * The history checker inside {@code ./mvnw verify}: three packaged processes under a random workload with faults,
 * for 60 s on one Redis and 30 s on a 3-master cluster ({@code -Dhistory.seconds=N} runs each for N seconds).
 * No stale read, failed call or unknown value may show up.
 */
class HistoryCheckerIT {

    @Test
    void oneRedisUnderFaults() {
        Verdict verdict = run(HistoryRun.Options.defaults(duration(60)));
        assertThat(verdict.history().faults()).as("faults injected").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void threeMasterClusterUnderFaults() {
        Verdict verdict = run(HistoryRun.Options.defaults(duration(30)).onCluster());
        assertThat(verdict.history().faults()).as("faults injected").hasSizeGreaterThanOrEqualTo(3);
    }

    static Duration duration(int seconds) {
        return Duration.ofSeconds(Integer.getInteger("history.seconds", seconds));
    }

    private static Verdict run(HistoryRun.Options options) {
        Verdict verdict = assertTimeoutPreemptively(options.duration().plusMinutes(5), () -> HistoryRun.run(options));
        System.out.println(verdict.report());
        assertThat(verdict.violations()).as(verdict.report()).isEmpty();
        assertThat(verdict.history().operations()).as("operations recorded").hasSizeGreaterThan(1000);
        assertThat(verdict.history().propagations()).as("propagation measurements").isNotEmpty();
        assertThat(verdict.history().operations()).as("reads served by REMOTE and by LOCAL, each held to its rule")
                .anyMatch(o -> "remote".equals(o.source())).anyMatch(o -> "reused".equals(o.source()));
        return verdict;
    }
}
