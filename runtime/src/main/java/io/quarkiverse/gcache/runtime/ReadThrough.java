package io.quarkiverse.gcache.runtime;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.remote.RemoteRead;
import io.quarkiverse.gcache.runtime.remote.RemoteTier;
import io.quarkiverse.gcache.runtime.shadow.StaleRecovery;
import io.quarkiverse.gcache.runtime.shadow.ShadowValidator;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Uni;

/**
 * What a call does after a LOCAL miss: lead the key's {@link Flight} or follow it ({@link Flights}), and as leader
 * take the steps of its {@link Fill} — LOCAL again, REMOTE, the method, REMOTE's write, LOCAL's keep — either on the
 * caller's thread ({@link #fill}) or as a {@code Uni} that never blocks a thread that may not block
 * ({@link #fillAsync}). The two differ only in how they wait; the steps and their rules are the {@code Fill}'s.
 * <p>
 * From the moment the method has returned, its result is the answer: whatever the cache's own work does with it
 * (encode, write, keep) is logged and counted when it fails, never thrown.
 */
final class ReadThrough {

    private final Flights flights;
    private final Invalidations invalidations;
    private final RemoteTier remote;
    private final GCacheMetrics metrics;
    private final boolean timed;
    private final RateLimitedLog log;
    private final BooleanSupplier blockingAllowed;
    /** Shadow validation (SPEC §12), with REMOTE only. */
    private final ShadowValidator shadow;

    ReadThrough(Invalidations invalidations, RemoteTier remote, GCacheMetrics metrics, RateLimitedLog log,
            BooleanSupplier blockingAllowed) {
        this.flights = new Flights(blockingAllowed, log);
        this.invalidations = invalidations;
        this.remote = remote;
        this.metrics = metrics;
        this.timed = metrics.timed();
        this.log = log;
        this.blockingAllowed = blockingAllowed;
        this.shadow = remote == null ? null : new ShadowValidator(remote, metrics, log);
    }

    /** How callers follow a flight: the same for the process's flights and a scope's ({@link RequestLocalRead}). */
    Flights flights() {
        return flights;
    }

    /**
     * The blocking read-through of a call whose LOCAL lookup missed (or that has no LOCAL tier).
     *
     * @param generation the use case's generation, read before the settings {@code s} were
     * @param timeoutNanos how long followers wait for this call's flight (the use case's fallback timeout)
     */
    <C> Object fill(UseCase uc, Object key, UseCaseSettings s, int tiers, long generation, long timeoutNanos,
            Object[] params, C context, Invoker<C> invoker) throws Exception {
        Flight mine = new Flight(Thread.currentThread(), timeoutNanos);
        Flight running;
        // coalesce=false: the flight is never published, so nobody follows it and it follows nobody.
        while (s.coalesce() && (running = uc.flights.putIfAbsent(key, mine)) != null) {
            if (!running.overdue()) {
                metrics.coalesced(uc, GCacheMetrics.CoalescingScope.PROCESS);
                return flights.await(uc, key, running, params, context, invoker);
            }
            uc.flights.remove(key, running); // stuck past its deadline: a new call leads a flight of its own
        }
        Fill fill = new Fill(uc, key, s, tiers, generation, mine, invalidations, remote);
        try {
            LocalEntry hit = fill.localAgain();
            if (hit != null) {
                mine.complete(hit.value());
                return hit.value();
            }
            boolean readsRemote = Tiers.has(tiers, CacheLayer.REMOTE) && blockingAllowed.getAsBoolean()
                    && fill.readsRemote();
            if (readsRemote) {
                RemoteRead read = remote.readNow(uc, fill.urn(), key);
                Object value = fill.remoteAnswer(read);
                if (value != RemoteTier.MISS) {
                    if (shadow != null && s.shadow().isOn() && shadow.sampled(s.shadow(), fill.urn())) {
                        // shadow ramp 0: the field read above is all a REMOTE hit pays
                        shadow.servedHit(uc, s.shadow(), fill.urn(), read, timeoutNanos,
                                ShadowValidator.rerun(invoker, context, params));
                    }
                    keep(fill, value);
                    mine.complete(value);
                    return value;
                }
            }
            ShadowValidator.Warming warming = Tiers.has(tiers, CacheLayer.REMOTE_SHADOW) && shadow != null
                    ? shadow.warm(uc, s, fill.urn(), key, timeoutNanos)
                    : null;
            Object value;
            long start = timed ? System.nanoTime() : 0;
            try {
                value = invoker.proceed(context, params);
                if (warming != null) {
                    warming.result(value);
                }
            } catch (Throwable t) {
                if (warming != null) {
                    warming.failed();
                }
                Object stale = fill.recoverStale(t);
                if (stale != StaleRecovery.NONE) { // stale on error: neither written nor kept
                    mine.complete(stale);
                    return stale;
                }
                mine.completeExceptionally(t);
                throw t;
            } finally {
                if (timed) {
                    metrics.fallbackTime(uc, Fill.missedTier(tiers, readsRemote), System.nanoTime() - start);
                }
            }
            try {
                awaitWrite(fill.writeRemote(value));
                fill.keep(value);
            } catch (RuntimeException e) {
                keptFailed(uc, e);
            } finally {
                mine.complete(value);
            }
            return value;
        } finally {
            // Whatever ended the leader before the method ran (an Error, say), nobody may keep waiting for it.
            mine.completeExceptionally(FillAbandoned.INSTANCE);
            uc.flights.remove(key, mine);
        }
    }

    /**
     * Waits for a REMOTE write (bounded by {@code remote.timeout}), so the next call anywhere can hit it; a thread
     * whose interrupt flag is set (the method set it, or a timeout of the caller's) does not wait, and keeps its flag.
     */
    private static void awaitWrite(Uni<Void> write) {
        if (Thread.currentThread().isInterrupted()) {
            write.subscribe().with(ignored -> {
            }, ignored -> {
            });
        } else {
            write.await().indefinitely();
        }
    }

    /** {@link Fill#keep}, which must not turn the method's result into a failure. */
    private void keep(Fill fill, Object value) {
        try {
            fill.keep(value);
        } catch (RuntimeException e) {
            keptFailed(fill.uc, e);
        }
    }

    private void keptFailed(UseCase uc, RuntimeException e) {
        metrics.error(uc, CacheLayer.GLOBAL, e, true);
        log.warn("after:" + uc.name(), "Use case %s: storing the method's result failed (%s); the caller gets it "
                + "anyway", uc.name(), e.toString());
    }

    /**
     * The read-through of a {@code Uni} or {@code CompletionStage} call: REMOTE first, then the method, never blocking
     * a thread that may not block. The method is invoked on the caller's context, as it would be uncached: on the
     * caller's own thread when that thread may block (REMOTE is then read on it, as for a plain method), else back on
     * the caller's Vert.x context after REMOTE answered.
     *
     * @param chain the Mutiny context of the subscription (for a {@code Uni}), which tells the flights it runs inside
     * @param timeoutNanos how long followers wait for this call's flight (the use case's fallback timeout)
     * @param methodTimeoutNanos how long the method may run before the call fails ({@link MethodDeadline}; 0: unbounded)
     * @param unboundedMethod the method, as a {@code Uni}
     */
    Uni<Object> fillAsync(UseCase uc, Object key, UseCaseSettings s, int tiers, long generation, long timeoutNanos,
            long methodTimeoutNanos, Context chain, Supplier<Uni<Object>> unboundedMethod) {
        boolean mayBlock = blockingAllowed.getAsBoolean();
        Executor caller = CallerContext.capture(mayBlock);
        // every run of the method this call makes (as leader, or its own as follower) is bounded alike
        Supplier<Uni<Object>> measuredMethod = MethodDeadline.bound(uc, methodTimeoutNanos, caller, unboundedMethod);
        tiers = Tiers.without(tiers, CacheLayer.REQUEST_LOCAL); // that one is RequestLocalRead's
        if (tiers == Tiers.NONE) { // REQUEST_LOCAL alone: no process flight, one request's work is not another's
            return Uni.createFrom().deferred(measuredMethod::get);
        }
        int used = tiers;
        Supplier<Uni<Object>> method = timed
                ? () -> timedFallback(uc, Fill.missedTier(used, false), measuredMethod)
                : measuredMethod;
        Flight mine = new Flight(null, timeoutNanos, methodTimeoutNanos > 0);
        Flight running;
        while (s.coalesce() && (running = uc.flights.putIfAbsent(key, mine)) != null) {
            if (FlightChain.inside(chain, running)) {
                return Uni.createFrom().deferred(method::get); // waited on from inside itself: run uncached
            }
            if (!running.overdue()) {
                metrics.coalesced(uc, GCacheMetrics.CoalescingScope.PROCESS);
                return flights.follow(uc, key, running, caller, method);
            }
            uc.flights.remove(key, running);
        }
        Fill fill = new Fill(uc, key, s, tiers, generation, mine, invalidations, remote);
        LocalEntry hit = fill.localAgain();
        if (hit != null) {
            mine.complete(hit.value());
            uc.flights.remove(key, mine);
            return Uni.createFrom().item(hit.value());
        }
        boolean readsRemote = fill.readsRemote();
        Supplier<Uni<Object>> leaderMethod = timed && readsRemote
                ? () -> timedFallback(uc, CacheLayer.REMOTE, measuredMethod)
                : method;
        Supplier<Uni<Object>> inChain = () -> FlightChain.within(leaderMethod, mine);
        Uni<Object> filled;
        if (readsRemote) {
            Function<RemoteRead, Uni<Object>> afterRead = read -> {
                Object value = fill.remoteAnswer(read);
                if (value != RemoteTier.MISS) {
                    if (shadow != null && s.shadow().isOn() && shadow.sampled(s.shadow(), fill.urn())) {
                        shadow.servedHit(uc, s.shadow(), fill.urn(), read, timeoutNanos,
                                ShadowValidator.rerun(measuredMethod));
                    }
                    return Uni.createFrom().item(value);
                }
                Uni<Object> computed = inChain.get().call(fill::writeRemote);
                return fill.recoversStale() ? computed.onFailure().recoverWithUni(t -> recoverStale(fill, t)) : computed;
            };
            if (mayBlock) {
                filled = Uni.createFrom().deferred(() -> afterRead.apply(remote.readNow(uc, fill.urn(), key)));
            } else {
                Uni<RemoteRead> read = remote.read(uc, fill.urn(), key);
                // Redis answers on its own event loop (a timeout on a timer thread): back to the caller's context.
                filled = (caller == null ? read : read.emitOn(caller)).chain(afterRead::apply);
            }
        } else {
            filled = inChain.get();
            ShadowValidator.Warming warming = Tiers.has(tiers, CacheLayer.REMOTE_SHADOW) && shadow != null
                    ? shadow.warm(uc, s, fill.urn(), key, timeoutNanos)
                    : null;
            if (warming != null) {
                filled = filled.onTermination().invoke((value, failure, cancelled) -> {
                    if (failure == null && !cancelled) {
                        warming.result(value);
                    } else {
                        warming.failed();
                    }
                });
            }
        }
        return filled
                .onItemOrFailure().invoke((value, failure) -> {
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                        uc.flights.remove(key, mine);
                        return;
                    }
                    try {
                        keep(fill, value);
                    } finally {
                        mine.complete(value);
                        uc.flights.remove(key, mine);
                    }
                })
                .onCancellation().invoke(() -> {
                    mine.completeExceptionally(FillAbandoned.INSTANCE);
                    uc.flights.remove(key, mine);
                });
    }

    /** The stale value that answers the method's failure {@code t} (see {@link Fill#recoverStale}), or {@code t}. */
    private static Uni<Object> recoverStale(Fill fill, Throwable t) {
        Object stale = fill.recoverStale(t);
        return stale != StaleRecovery.NONE ? Uni.createFrom().item(stale) : Uni.createFrom().failure(t);
    }

    private Uni<Object> timedFallback(UseCase uc, CacheLayer missed, Supplier<Uni<Object>> method) {
        long[] start = { 0 };
        return method.get()
                .onSubscription().invoke(() -> start[0] = System.nanoTime())
                .onTermination().invoke(() -> metrics.fallbackTime(uc, missed, System.nanoTime() - start[0]));
    }
}
