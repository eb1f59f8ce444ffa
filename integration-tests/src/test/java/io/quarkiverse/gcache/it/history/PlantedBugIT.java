package io.quarkiverse.gcache.it.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.it.history.HistoryChecker.Verdict;

/**
 * The checker is known to be able to fail: with the test-only switch
 * {@code gcache.test-only.ignore-invalidation-messages} the processes ignore each other's invalidation messages, so
 * an entity invalidated in one process stays in the others' LOCAL tier until its TTL; the checker must report those
 * reads as stale past the propagation bound. The subscription's PING is off for this run (there are no faults): on a
 * loaded machine a starved PING counts as a lost subscription, whose drop of every tracked LOCAL entry would hide the bug.
 */
class PlantedBugIT {

    @Test
    void theCheckerCatchesProcessesThatIgnoreInvalidationMessages() {
        HistoryRun.Options options = HistoryRun.Options.defaults(HistoryCheckerIT.duration(20)).withoutFaults()
                .withoutSubscriptionPing().withPlantedBug();
        Verdict verdict = assertTimeoutPreemptively(options.duration().plusMinutes(5), () -> HistoryRun.run(options));
        System.out.println(verdict.report());

        assertThat(verdict.passed()).as("the checker passed a run with a planted bug").isFalse();
        assertThat(verdict.violations()).as(verdict.report())
                .anyMatch(v -> v.rule().startsWith("(b) LOCAL stale past the propagation bound"))
                .anyMatch(v -> v.rule().startsWith("(b) propagation past the bound"))
                .allMatch(v -> v.rule().startsWith("(b)"));
        assertThat(verdict.report()).contains(verdict.history().operations().size() + " operations, 0 faults, "
                + verdict.staleReads() + " stale reads");
    }
}
