package io.quarkiverse.gcache.runtime.shadow;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.UseCase;

/**
 * Shadow checks in flight (SPEC §12): at most {@code max-in-flight} at once in the process and one per key; a check
 * that finds no room is {@code dropped}, never queued (a queue would grow with the traffic it samples). Each check
 * has a deadline, the use case's fallback timeout: past it the check is {@code timeout}, its thread is interrupted,
 * and what it finds later is not counted. Its slot is freed when its work really ends, so that the source never sees
 * more than {@code max-in-flight} shadow runs at once, even from checks that timed out.
 */
final class ShadowJobs {

    private final int maxInFlight;
    private final Executor workers;
    private final GCacheMetrics metrics;
    private final AtomicInteger running = new AtomicInteger();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    ShadowJobs(int maxInFlight, Executor workers, GCacheMetrics metrics) {
        this.maxInFlight = maxInFlight;
        this.workers = workers;
        this.metrics = metrics;
    }

    /** Takes a slot for a check of {@code urn}, or counts it {@code dropped} and gives {@code null}. */
    Job admit(UseCase uc, String urn, long deadlineNanos) {
        if (!keys.add(urn)) {
            metrics.shadow(uc, ShadowOutcome.DROPPED);
            return null;
        }
        if (running.incrementAndGet() > maxInFlight) {
            running.decrementAndGet();
            keys.remove(urn);
            metrics.shadow(uc, ShadowOutcome.DROPPED);
            return null;
        }
        Job job = new Job(uc, urn);
        CompletableFuture.delayedExecutor(deadlineNanos, TimeUnit.NANOSECONDS).execute(job::timeout);
        return job;
    }

    /** Shadow checks running now (for tests and the Dev UI). */
    int running() {
        return running.get();
    }

    /** One admitted check: its verdict is taken once, by its work or by its deadline. */
    final class Job {
        final UseCase uc;
        final String urn;
        private boolean decided;
        private boolean released;
        /** The thread doing the check's work while it does, so that the deadline can interrupt it. */
        private Thread worker;

        private Job(UseCase uc, String urn) {
            this.uc = uc;
            this.urn = urn;
        }

        /** Runs {@code work} on a worker thread; the slot is freed when it ends. */
        void start(Runnable work) {
            try {
                workers.execute(() -> {
                    if (!enter()) {
                        release();
                        return;
                    }
                    try {
                        work.run();
                    } catch (RuntimeException | LinkageError e) {
                        verdict(ShadowOutcome.COMPARISON_ERROR, -1); // a bug of ours must not kill the worker
                    } finally {
                        leave();
                        release();
                    }
                });
            } catch (RejectedExecutionException e) { // the pool shuts down
                verdict(ShadowOutcome.DROPPED, -1);
                release();
            }
        }

        /** Ends the check without work (the caller's own run failed, say). */
        void end(ShadowOutcome outcome) {
            verdict(outcome, -1);
            release();
        }

        /** Counts the verdict unless one was taken; {@code ageSeconds} below 0: none to record. */
        boolean verdict(ShadowOutcome outcome, double ageSeconds) {
            synchronized (this) {
                if (decided) {
                    return false;
                }
                decided = true;
            }
            metrics.shadow(uc, outcome);
            if (ageSeconds >= 0 && outcome.aged()) {
                metrics.shadowAge(uc, outcome, ageSeconds);
            }
            return true;
        }

        /** Whether the deadline has passed (or any verdict was taken): the work stops. */
        synchronized boolean over() {
            return decided;
        }

        private synchronized boolean enter() {
            if (decided) {
                return false;
            }
            worker = Thread.currentThread();
            return true;
        }

        private void leave() {
            synchronized (this) {
                worker = null;
            }
            Thread.interrupted(); // a deadline's interrupt must not reach the pool's next task
        }

        private void timeout() {
            if (verdict(ShadowOutcome.TIMEOUT, -1)) {
                synchronized (this) {
                    if (worker != null) {
                        worker.interrupt();
                    }
                }
            }
        }

        private void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            keys.remove(urn);
            running.decrementAndGet();
        }
    }
}
