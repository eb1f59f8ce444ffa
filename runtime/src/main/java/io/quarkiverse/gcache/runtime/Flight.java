package io.quarkiverse.gcache.runtime;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.smallrye.mutiny.Uni;

/**
 * The flight of one key (SPEC §4.5, §11): one caller leads its {@link Fill}, the followers get its result. It knows
 * its leader (the thread of a blocking fill, so that a fill waited on from inside itself is noticed) and its
 * deadline (past it no follower waits any longer, and the fill no longer takes new followers).
 * <p>
 * Blocking followers wait on the future itself with a timed {@code get}, which unlinks them when they give up.
 * Asynchronous followers are not {@code CompletableFuture} dependents: a dependent stays attached until the future
 * completes even when its subscriber cancelled, so a fill that never completes would hold every cancelled follower
 * forever. They sit in a set instead, and leave it when they terminate or are cancelled. One timer per fill (not one
 * per follower, which a cancelled follower would leave queued) tells them when the deadline passes.
 * <p>
 * A fill whose method is bounded ({@link MethodDeadline}) has no deadline of its own: it ends by itself, with the
 * method's result or its {@code GCacheFallbackTimeoutException}, and its followers get that.
 */
final class Flight extends CompletableFuture<Object> {

    /** The thread that runs a blocking fill's method; {@code null} for a {@code Uni} or {@code CompletionStage} fill. */
    final Thread leader;
    /** {@link System#nanoTime()} when the fill started: its age in {@code GCache.inFlight()}. */
    final long started = System.nanoTime();
    /** {@link System#nanoTime()} past which no follower waits for this fill (unless it {@link #endsByItself}). */
    final long deadline;
    /** Whether the fill's method is bounded by its own deadline: its followers wait for its end, whatever it is. */
    private final boolean endsByItself;
    /** The asynchronous followers; {@code null} for a blocking fill, whose followers all wait on the future. */
    private final Set<BiConsumer<Object, Throwable>> followers;
    /** Fails the asynchronous followers with {@link Overdue} at the deadline; armed by the first one. */
    private ScheduledFuture<?> timer;

    Flight(Thread leader, long timeoutNanos) {
        this(leader, timeoutNanos, false);
    }

    /** @param endsByItself the fill's method fails once it ran {@code timeoutNanos} (asynchronous fills only) */
    Flight(Thread leader, long timeoutNanos, boolean endsByItself) {
        this.leader = leader;
        this.deadline = started + timeoutNanos;
        this.endsByItself = endsByItself;
        this.followers = leader == null ? ConcurrentHashMap.newKeySet() : null;
    }

    /** Whether the fill has run past its deadline: a follower that finds it so does not wait for it. */
    boolean overdue() {
        return !endsByItself && System.nanoTime() - deadline >= 0;
    }

    /** Nanoseconds left until the deadline (zero or less once it passed). */
    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /**
     * The fill's result, for an asynchronous follower (of a fill without a {@link #leader} thread); cancelling the
     * subscription detaches the follower.
     */
    Uni<Object> follow() {
        return Uni.createFrom().emitter(emitter -> {
            BiConsumer<Object, Throwable> follower = (value, failure) -> {
                if (failure == null) {
                    emitter.complete(value);
                } else {
                    emitter.fail(failure);
                }
            };
            followers.add(follower);
            emitter.onTermination(() -> followers.remove(follower));
            // Completed, or overdue, before the follower was added: release() or the timer may have missed it.
            if (isDone() && followers.remove(follower)) {
                whenDone(follower);
            } else if (overdue() && followers.remove(follower)) {
                follower.accept(null, Overdue.INSTANCE);
            } else {
                armTimer();
            }
        });
    }

    private synchronized void armTimer() {
        if (timer == null && !endsByItself && !isDone()) {
            timer = DeadlineTimer.TIMER.schedule(this::expire, Math.max(0, remainingNanos()), TimeUnit.NANOSECONDS);
        }
    }

    private void expire() {
        for (BiConsumer<Object, Throwable> follower : followers) {
            if (followers.remove(follower)) {
                follower.accept(null, Overdue.INSTANCE);
            }
        }
    }

    /** Every caller attached to the fill: blocked followers, and asynchronous followers that have not left. */
    @Override
    public int getNumberOfDependents() {
        return super.getNumberOfDependents() + (followers == null ? 0 : followers.size());
    }

    @Override
    public boolean complete(Object value) {
        boolean done = super.complete(value);
        if (done) {
            release();
        }
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean done = super.completeExceptionally(failure);
        if (done) {
            release();
        }
        return done;
    }

    private void release() {
        if (followers == null) {
            return;
        }
        synchronized (this) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        for (BiConsumer<Object, Throwable> follower : followers) {
            if (followers.remove(follower)) {
                whenDone(follower);
            }
        }
    }

    private void whenDone(BiConsumer<Object, Throwable> follower) {
        Object value = null;
        Throwable failure = null;
        try {
            value = getNow(null);
        } catch (Throwable t) {
            failure = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        }
        follower.accept(value, failure);
    }

    /** Tells an asynchronous follower that the fill's deadline passed: it runs the method itself. */
    static final class Overdue extends RuntimeException {

        static final Overdue INSTANCE = new Overdue();

        private Overdue() {
            super("the fill ran past its deadline", null, false, false);
        }
    }
}
