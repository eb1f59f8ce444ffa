package io.quarkiverse.gcache.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.GCacheMetrics.CoalescingScope;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.quarkiverse.gcache.runtime.tier.RequestLocalTier;
import io.quarkiverse.gcache.runtime.tier.RequestMemo;
import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Uni;

/**
 * The top of the chain for a call whose tiers include REQUEST_LOCAL (SPEC §10, §11):
 * <pre>
 * the scope's memo ({@link RequestLocalTier}: hit? return)
 *   ─► the scope's flight of the key (lead, or follow a parallel call of the same request: scope="request_local")
 *        └─ as leader: the memo again ─► LOCAL ─► the process's flight, REMOTE, the method ({@link ReadThrough})
 *           ─► keep in the memo what came back (unless a drop in the scope, or {@link Invalidations}, forbids)
 * </pre>
 * With REQUEST_LOCAL as the call's only tier there is no process flight: what one request computes is never handed to
 * another. With {@code coalesce=false} there is no scope flight either: every caller reads down the chain itself.
 */
final class RequestLocalRead {

    private final RequestLocalTier tier;
    private final ReadThrough readThrough;
    private final Invalidations invalidations;
    private final GCacheMetrics metrics;
    private final BooleanSupplier blockingAllowed;

    RequestLocalRead(RequestLocalTier tier, ReadThrough readThrough, Invalidations invalidations,
            GCacheMetrics metrics, BooleanSupplier blockingAllowed) {
        this.tier = tier;
        this.readThrough = readThrough;
        this.invalidations = invalidations;
        this.metrics = metrics;
        this.blockingAllowed = blockingAllowed;
    }

    /** The memo of a call that uses REQUEST_LOCAL, read where the call is made; {@code null} for any other call. */
    static RequestMemo memoFor(int tiers) {
        return Tiers.has(tiers, CacheLayer.REQUEST_LOCAL) ? Scopes.memo() : null;
    }

    /**
     * A blocking call (see the class comment).
     *
     * @param generation the use case's generation, read before the settings {@code s} were
     */
    <C> Object call(UseCase uc, Object key, UseCaseSettings s, int tiers, long generation, long timeoutNanos,
            Object[] params, C context, Invoker<C> invoker) throws Exception {
        RequestMemo memo = Scopes.memo();
        Object hit = memo == null ? RequestLocalTier.MISS : tier.lookup(uc, memo, key);
        if (hit != RequestLocalTier.MISS) {
            return hit;
        }
        int below = Tiers.without(tiers, CacheLayer.REQUEST_LOCAL);
        if (memo == null) { // cannot happen inside an enable scope; the rest of the chain serves it
            return below(uc, key, s, below, generation, timeoutNanos, params, context, invoker);
        }
        long memoGeneration = memo.generation();
        if (!s.coalesce()) {
            Object value = below(uc, key, s, below, generation, timeoutNanos, params, context, invoker);
            keep(uc, memo, key, value, generation, memoGeneration);
            return value;
        }
        ConcurrentHashMap<Object, CompletableFuture<Object>> scopeFlights = tier.flights(uc, memo);
        Flight mine = new Flight(Thread.currentThread(), timeoutNanos);
        CompletableFuture<Object> running;
        while ((running = scopeFlights.putIfAbsent(key, mine)) != null) {
            Flight flight = (Flight) running;
            if (!flight.overdue()) {
                metrics.coalesced(uc, CoalescingScope.REQUEST_LOCAL);
                return readThrough.flights().await(uc, key, flight, params, context, invoker);
            }
            scopeFlights.remove(key, running); // stuck past its deadline: this call leads a flight of its own
        }
        try {
            Object again = tier.peek(uc, memo, key); // a parallel call of the scope may have just kept it
            if (again != RequestLocalTier.MISS) {
                mine.complete(again);
                return again;
            }
            Object value;
            try {
                value = below(uc, key, s, below, generation, timeoutNanos, params, context, invoker);
            } catch (Throwable t) {
                mine.completeExceptionally(t);
                throw t;
            }
            try {
                keep(uc, memo, key, value, generation, memoGeneration);
            } finally {
                mine.complete(value);
            }
            return value;
        } finally {
            mine.completeExceptionally(FillAbandoned.INSTANCE); // ended before it completed: nobody waits on
            scopeFlights.remove(key, mine);
        }
    }

    /** LOCAL, then the process's read-through; the method alone when REQUEST_LOCAL is the call's only tier. */
    private <C> Object below(UseCase uc, Object key, UseCaseSettings s, int tiers, long generation, long timeoutNanos,
            Object[] params, C context, Invoker<C> invoker) throws Exception {
        if (Tiers.has(tiers, CacheLayer.LOCAL)) {
            LocalEntry hit = uc.local.lookup(uc, key, s.local().ttlNanos());
            if (hit != null) {
                return hit.value();
            }
        }
        if (tiers == Tiers.NONE) {
            return invoker.proceed(context, params);
        }
        return readThrough.fill(uc, key, s, tiers, generation, timeoutNanos, params, context, invoker);
    }

    /**
     * An asynchronous call ({@code Uni} or {@code CompletionStage}), when it is subscribed: the memo read when the
     * call was made, then, on a miss, the scope's flight and {@code below} (the rest of the chain, as a {@code Uni}).
     *
     * @param chain the subscription's Mutiny context ({@code null} for a {@code CompletionStage})
     */
    Uni<Object> callAsync(UseCase uc, TierChoice.Plan plan, RequestMemo memo, Context chain,
            Supplier<Uni<Object>> below) {
        Object key = plan.key();
        UseCaseSettings s = plan.settings();
        long timeoutNanos = plan.snapshot().fallbackTimeoutNanos(uc.index);
        Object hit = tier.lookup(uc, memo, key);
        if (hit != RequestLocalTier.MISS) {
            return Uni.createFrom().item(hit);
        }
        long generation = uc.generation.get();
        long memoGeneration = memo.generation();
        if (!s.coalesce()) {
            return Uni.createFrom().deferred(below::get)
                    .invoke(value -> keep(uc, memo, key, value, generation, memoGeneration));
        }
        ConcurrentHashMap<Object, CompletableFuture<Object>> scopeFlights = tier.flights(uc, memo);
        // A bounded method ends the flight by itself (as the process's flight): a follower that stopped waiting at
        // the same deadline would run the method again and fail only a timeout later.
        Flight mine = new Flight(null, timeoutNanos, plan.snapshot().methodTimeoutNanos(uc.index) > 0);
        CompletableFuture<Object> running;
        while ((running = scopeFlights.putIfAbsent(key, mine)) != null) {
            Flight flight = (Flight) running;
            if (FlightChain.inside(chain, flight)) {
                return Uni.createFrom().deferred(below::get); // waited on from inside itself (a retry): read down alone
            }
            if (!flight.overdue()) {
                metrics.coalesced(uc, CoalescingScope.REQUEST_LOCAL);
                Executor caller = CallerContext.capture(blockingAllowed.getAsBoolean());
                return readThrough.flights().follow(uc, key, flight, caller, below);
            }
            scopeFlights.remove(key, running);
        }
        Object again = tier.peek(uc, memo, key);
        if (again != RequestLocalTier.MISS) {
            mine.complete(again);
            scopeFlights.remove(key, mine);
            return Uni.createFrom().item(again);
        }
        return FlightChain.within(below, mine)
                .onItemOrFailure().invoke((value, failure) -> {
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                        scopeFlights.remove(key, mine);
                        return;
                    }
                    try {
                        keep(uc, memo, key, value, generation, memoGeneration);
                    } finally {
                        mine.complete(value);
                        scopeFlights.remove(key, mine);
                    }
                })
                .onCancellation().invoke(() -> {
                    mine.completeExceptionally(FillAbandoned.INSTANCE);
                    scopeFlights.remove(key, mine);
                });
    }

    /**
     * Keeps what came back for the rest of the scope, unless an invalidation overtook the fill: one made in the scope
     * (the memo's generation), or any this process saw (the use case's generation, a running future buffer), as
     * LOCAL's rule 4 and 6 in {@link Invalidations}.
     */
    private void keep(UseCase uc, RequestMemo memo, Object key, Object value, long generation, long memoGeneration) {
        if (uc.generation.get() != generation || invalidations.inFutureBuffer(uc, key)) {
            return;
        }
        tier.put(uc, memo, key, value, memoGeneration);
        if (uc.generation.get() != generation) { // moved during the put: a drop may not have seen the entry
            tier.remove(uc, memo, key, value);
        }
    }
}
