package io.quarkiverse.gcache.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * How a caller follows another caller's {@link Flight} of the same key (SPEC §4.5, §11): it gets the leader's result
 * or exception, waits at most until the flight's deadline, and runs the method itself instead whenever waiting
 * could hang: on a thread that may not block, for a flight given up by its leader, past the deadline, and for a
 * flight that waits for itself (a method that calls itself for the same key, or two that call each other).
 */
final class Flights {

    /** The flight each blocked follower waits for, to notice a thread that would wait for itself through others. */
    private final Map<Thread, Flight> waiting = new ConcurrentHashMap<>();
    private final BooleanSupplier blockingAllowed;
    private final RateLimitedLog log;

    Flights(BooleanSupplier blockingAllowed, RateLimitedLog log) {
        this.blockingAllowed = blockingAllowed;
        this.log = log;
    }

    /** A blocking follower: the leader's result, or the method's own run (see the class comment). */
    <C> Object await(UseCase uc, Object key, Flight running, Object[] params, C context, Invoker<C> invoker)
            throws Exception {
        if (!blockingAllowed.getAsBoolean()) {
            return invoker.proceed(context, params); // never park an event-loop thread on another caller's fill
        }
        Thread me = Thread.currentThread();
        waiting.put(me, running); // before the check: of two threads that close a cycle, one sees it
        try {
            if (!waitsOnItself(running, me)) {
                return running.get(running.remainingNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof FillAbandoned)) {
                throw Sneaky.<Exception> rethrow(cause);
            }
        } catch (TimeoutException e) {
            overdue(uc, key, running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.remove(me);
        }
        return invoker.proceed(context, params);
    }

    /** Whether following the leaders of the flights waited on from {@code flight} comes back to {@code me}. */
    private boolean waitsOnItself(Flight flight, Thread me) {
        Flight f = flight;
        for (int hops = 0; f != null && hops < 100; hops++) {
            if (f.leader == me) {
                return true;
            }
            f = f.leader == null ? null : waiting.get(f.leader);
        }
        return false;
    }

    /**
     * An asynchronous follower: the leader's result, or the method's own run on the caller's context when the flight
     * is given up or its deadline passes. Cancelling it detaches it from the flight.
     */
    Uni<Object> follow(UseCase uc, Object key, Flight running, Executor caller, Supplier<Uni<Object>> method) {
        Uni<Object> ownRun = Uni.createFrom().deferred(method::get);
        Uni<Object> onCaller = caller == null ? ownRun : ownRun.runSubscriptionOn(caller);
        return running.follow()
                .onFailure(Flight.Overdue.class).recoverWithUni(() -> {
                    overdue(uc, key, running);
                    return onCaller;
                })
                .onFailure(FillAbandoned.class).recoverWithUni(() -> onCaller);
    }

    /** A follower waited the deadline: callers that come later lead a flight of their own. */
    private void overdue(UseCase uc, Object key, Flight running) {
        uc.flights.remove(key, running);
        log.warn("deadline:" + uc.name(), "Use case %s: a call waited the fallback-timeout for another call of the "
                + "same key and runs the method itself", uc.name());
    }
}
