package io.quarkiverse.gcache.runtime.devui;

import io.quarkiverse.gcache.CacheLayer;
import java.util.concurrent.atomic.LongAdder;

import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.shadow.ShadowOutcome;
import io.quarkiverse.gcache.runtime.shadow.ShadowTally;

/**
 * Counts requests and misses per use case and layer for the Dev UI's Use cases page, and passes every event on to
 * the metrics it wraps. Used in dev mode only.
 */
public final class DevUiCounters implements GCacheMetrics {

    private final GCacheMetrics delegate;
    private final LongAdder[] requests;
    private final LongAdder[] misses;
    private final LongAdder[] staleServed;
    private final ShadowTally[] shadow;

    public DevUiCounters(GCacheMetrics delegate, int useCases) {
        this.delegate = delegate;
        this.shadow = new ShadowTally[useCases];
        for (int i = 0; i < useCases; i++) {
            shadow[i] = new ShadowTally();
        }
        this.requests = new LongAdder[useCases * 2];
        this.misses = new LongAdder[useCases * 2];
        this.staleServed = new LongAdder[useCases];
        for (int i = 0; i < useCases; i++) {
            staleServed[i] = new LongAdder();
        }
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new LongAdder();
            misses[i] = new LongAdder();
        }
    }

    private static int slot(UseCase useCase, CacheLayer layer) {
        return layer == CacheLayer.LOCAL ? useCase.index() * 2 : layer == CacheLayer.REMOTE ? useCase.index() * 2 + 1 : -1;
    }

    @Override
    public void request(UseCase useCase, CacheLayer layer) {
        int slot = slot(useCase, layer);
        if (slot >= 0) {
            requests[slot].increment();
        }
        delegate.request(useCase, layer);
    }

    @Override
    public void miss(UseCase useCase, CacheLayer layer, MissReason reason) {
        int slot = slot(useCase, layer);
        if (slot >= 0) {
            misses[slot].increment(); // every reason: the hit ratio is requests minus misses, whatever the reason
        }
        delegate.miss(useCase, layer, reason);
    }

    @Override
    public void disabled(UseCase useCase, CacheLayer layer, DisabledReason reason) {
        delegate.disabled(useCase, layer, reason);
    }

    @Override
    public void error(UseCase useCase, CacheLayer layer, Throwable error, boolean inFallback) {
        delegate.error(useCase, layer, error, inFallback);
    }

    @Override
    public void coalesced(UseCase useCase, CoalescingScope scope) {
        delegate.coalesced(useCase, scope);
    }

    @Override
    public boolean timed() {
        return delegate.timed();
    }

    @Override
    public void getTime(UseCase useCase, CacheLayer layer, long nanos) {
        delegate.getTime(useCase, layer, nanos);
    }

    @Override
    public void fallbackTime(UseCase useCase, CacheLayer layer, long nanos) {
        delegate.fallbackTime(useCase, layer, nanos);
    }

    @Override
    public void serializationTime(UseCase useCase, boolean dump, long nanos) {
        delegate.serializationTime(useCase, dump, nanos);
    }

    @Override
    public void size(UseCase useCase, long bytes) {
        delegate.size(useCase, bytes);
    }

    @Override
    public void staleRecovery(UseCase useCase, StaleOutcome outcome, double ageSeconds) {
        if (outcome == StaleOutcome.SERVED) {
            staleServed[useCase.index()].increment();
        }
        delegate.staleRecovery(useCase, outcome, ageSeconds);
    }

    @Override
    public void invalidation(String keyType, CacheLayer layer) {
        delegate.invalidation(keyType, layer);
    }

    @Override
    public void serializationTime(UseCase useCase, CacheLayer layer, boolean dump, long nanos) {
        delegate.serializationTime(useCase, layer, dump, nanos);
    }

    @Override
    public void size(UseCase useCase, CacheLayer layer, long bytes) {
        delegate.size(useCase, layer, bytes);
    }

    @Override
    public void shadow(UseCase useCase, ShadowOutcome outcome) {
        shadow[useCase.index()].add(outcome);
        delegate.shadow(useCase, outcome);
    }

    @Override
    public void shadowAge(UseCase useCase, ShadowOutcome outcome, double seconds) {
        shadow[useCase.index()].age(outcome, seconds);
        delegate.shadowAge(useCase, outcome, seconds);
    }

    /** The use case's shadow outcomes so far. */
    public ShadowTally shadow(UseCase useCase) {
        return shadow[useCase.index()];
    }

    /** Requests of the use case's layer so far. */
    public long requests(UseCase useCase, CacheLayer layer) {
        int slot = slot(useCase, layer);
        return slot < 0 ? 0 : requests[slot].sum();
    }

    /** Misses of the use case's layer so far, of every reason. */
    public long misses(UseCase useCase, CacheLayer layer) {
        int slot = slot(useCase, layer);
        return slot < 0 ? 0 : misses[slot].sum();
    }

    /** The stale values returned instead of the method's exception so far (stale on error, {@code served}). */
    public long staleRecoveries(UseCase useCase) {
        return staleServed[useCase.index()].sum();
    }
}
