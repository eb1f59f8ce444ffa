package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.remote.InvalidationSubscriber;
import io.quarkiverse.gcache.runtime.remote.RemoteTier;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkiverse.gcache.runtime.tier.RequestLocalTier;
import io.smallrye.mutiny.Uni;

/**
 * What makes an entry stale, in one place: invalidation, delete, flush, the invalidation channel, and the
 * generations that keep a fill from bringing back what they removed.
 * <p>
 * <b>The staleness rule.</b> An entry is never served once any of these holds:
 * <ol>
 * <li><em>Age.</em> In LOCAL, its age has reached the TTL it was written with, or the TTL in force now, whichever is
 * smaller: both are checked on every read ({@code LocalTier}). In REMOTE, its age has reached the TTL in force when
 * it was written: Redis expires it at creation + that TTL, and a TTL shortened since does not reach it.</li>
 * <li><em>Watermark (REMOTE).</em> A tracked entry's creation time, on the Redis clock, is the time the read that
 * preceded its fill <em>started</em> (SPEC §4.7). An invalidation sets the entity's watermark to Redis's now plus
 * its future buffer; an entry created at or before it is stale ({@code RemoteTier#decode}), a write whose read saw
 * a watermark in the future is not made, and the write script refuses a write the watermark has overtaken. So a fill
 * that an invalidation overtakes while the method runs is never served, from this process or any other.</li>
 * <li><em>Invalidation reaches LOCAL.</em> The invalidating process drops the entity's LOCAL entries at once, and
 * again when Redis has taken the watermark; the other processes drop them when the channel's message arrives
 * ({@link #dropLocal}). Dropping costs what this process holds of the entity (the LOCAL tier's entity index).</li>
 * <li><em>Generations.</em> Every drop first moves the <em>generation</em> of the use cases it touches (one counter
 * per tracked key type, one per untracked use case). A blocking fill reads the generation before it reads the settings
 * and the tiers; an asynchronous one, whose settings were read when the method was called, reads it when it is
 * subscribed and then drops LOCAL from its tiers if the settings switched LOCAL off in between. A fill puts its value
 * in LOCAL only if the generation has not moved, checked before and again after the
 * put: a drop moves the counter before it removes entries, so either the drop removes the put entry or the fill
 * sees the move and removes it itself. A stale fill never shows in LOCAL, not even for a moment.</li>
 * <li><em>Flights detached.</em> A drop also forgets the running flights of the entity: a call that comes after the
 * invalidation leads a fill of its own instead of following one that read the old state.</li>
 * <li><em>Future buffer.</em> While an invalidation's buffer runs, no fill puts the entity in LOCAL
 * ({@link #inFutureBuffer}): whatever is read then may be stale. REMOTE sees it as a watermark in the future.</li>
 * <li><em>The channel.</em> A process that loses the invalidation subscription, or subscribes again, may have missed
 * messages: it drops every tracked LOCAL entry, detaches every tracked flight and moves every tracked generation;
 * while the channel is down tracked LOCAL does not serve ({@code server_down}).</li>
 * <li><em>Switch-off.</em> A LOCAL tier that stops serving (the kill switch, its ramp or TTL set to 0, a config error)
 * is emptied and its generation moved, so that it serves nothing from before when it is switched back on.</li>
 * <li><em>Delete and flush.</em> Move the generation, drop the LOCAL entries and flights, then remove the keys from
 * Redis (a Dev UI delete of a LOCAL entry takes the same path).</li>
 * </ol>
 * <b>REQUEST_LOCAL</b> ({@link RequestLocalTier}) is a memo of one outermost enable scope: it has no age, and it is not
 * reached by what other scopes or processes invalidate once it holds an entry (a request reads one state of an
 * entity throughout). Its own rules:
 * <ol start="10">
 * <li><em>Own writes.</em> An invalidate, delete or flush called inside a scope drops the matching entries of that
 * scope's memo and forgets the scope's running fills of them, so a request that writes and then reads sees its write.
 * It moves the memo's generation first, and a fill keeps nothing in the memo once it moved.</li>
 * <li><em>Fills overtaken.</em> A fill keeps its result in the memo under rules 4 and 6 as well: not when the use
 * case's generation moved since the fill started, nor while a future buffer runs for the entity.</li>
 * <li><em>End.</em> The memo is dropped with its scope: nothing outside the scope and the work it started refers to
 * it.</li>
 * </ol>
 */
final class Invalidations {

    /** Longer future buffers are cut to this, so that a deadline never overflows the nano clock (about 73 years). */
    private static final long MAX_BUFFER_NANOS = Long.MAX_VALUE / 4;
    /** Longer future buffers are cut to this (100 years): Redis and its Lua numbers take it exactly. */
    static final long MAX_BUFFER_MILLIS = Duration.ofDays(36_525).toMillis();

    /**
     * TEST ONLY, never set in production: {@code -Dgcache.test-only.ignore-invalidation-messages=true} makes this
     * process ignore the other processes' invalidation messages, so their invalidations never reach its LOCAL tier.
     * It plants a staleness bug on purpose, for the history checker's {@code PlantedBugIT}, which shows that the
     * checker catches one. Read once, when this class is loaded.
     */
    private static final boolean TEST_ONLY_IGNORE_INVALIDATION_MESSAGES = Boolean
            .getBoolean("gcache.test-only.ignore-invalidation-messages");

    private final Map<String, AtomicLong> keyTypeGenerations = new HashMap<>();
    private final Map<String, List<UseCase>> trackedByKeyType = new HashMap<>();
    /**
     * Per tracked key type: entity id → the {@link System#nanoTime()} until which LOCAL must not be filled, because an
     * invalidation's future buffer runs (this process's own, or another's, learnt from its message). A fill that read
     * REMOTE sees the future watermark itself; this covers every fill that did not.
     */
    private final Map<String, ConcurrentHashMap<String, Long>> futureBuffers = new HashMap<>();
    private final List<UseCase> useCases = new ArrayList<>();
    private final GCacheMetrics metrics;
    private final RateLimitedLog log;
    private final RequestLocalTier requestLocal;
    private RemoteTier remote;

    Invalidations(GCacheMetrics metrics, RateLimitedLog log, RequestLocalTier requestLocal) {
        this.metrics = metrics;
        this.log = log;
        this.requestLocal = requestLocal;
    }

    /** The generation a new use case moves with: its key type's when tracked, else its own. */
    AtomicLong generationFor(UseCaseSpec spec) {
        return spec.isTracked() ? keyTypeGenerations.computeIfAbsent(spec.getKeyType(), k -> new AtomicLong())
                : new AtomicLong();
    }

    void register(UseCase uc) {
        useCases.add(uc);
        if (uc.tracked()) {
            trackedByKeyType.computeIfAbsent(uc.keyType(), k -> new ArrayList<>()).add(uc);
            futureBuffers.computeIfAbsent(uc.keyType(), k -> new ConcurrentHashMap<>());
        }
    }

    /** REMOTE, once it exists; without it invalidation acts on this process's LOCAL tiers only. */
    void useRemote(RemoteTier remote) {
        this.remote = remote;
    }

    /** What the invalidation subscriber reports to. */
    InvalidationSubscriber.Listener listener() {
        return new InvalidationSubscriber.Listener() {
            @Override
            public void invalidated(String keyType, String id, long futureBufferMillis) {
                if (TEST_ONLY_IGNORE_INVALIDATION_MESSAGES) {
                    return;
                }
                dropLocal(keyType, id, futureBufferMillis);
            }

            @Override
            public void subscribed() {
                dropTrackedLocal(); // whatever was filled while the channel was down may be stale
            }

            @Override
            public void lost() {
                dropTrackedLocal();
            }
        };
    }

    // ---- invalidation --------------------------------------------------------------------------------------

    /**
     * Invalidates the entity everywhere: this process's LOCAL entries at once, REMOTE through the watermark, the
     * other processes' LOCAL entries through the channel. A REMOTE failure is logged, not thrown.
     */
    Uni<Void> invalidate(String keyType, Object id, Duration futureBuffer) {
        String idString = KeyStrings.render(id);
        long bufferMillis = bufferMillis(futureBuffer);
        requestLocal.dropEntity(Scopes.memo(), trackedByKeyType.getOrDefault(keyType, List.of()), idString); // rule 10
        dropLocal(keyType, idString, bufferMillis);
        metrics.invalidation(keyType, CacheLayer.LOCAL);
        if (remote == null) {
            return Uni.createFrom().voidItem();
        }
        return invalidateRemote(keyType, idString, bufferMillis)
                .onFailure().invoke(e -> log.warn("invalidate", "Invalidating %s %s in REMOTE failed (%s); this "
                        + "process's LOCAL entries are dropped, Redis keeps entries until their TTL", keyType, idString,
                        e.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * {@link #invalidate} for an operator (the Dev UI), with no future buffer: a watermark that Redis did not take
     * fails the {@code Uni} (an open breaker too) instead of being logged, so the operator is told that REMOTE and the
     * other processes were not reached.
     */
    Uni<Void> invalidateOrFail(String keyType, String idString) {
        dropLocal(keyType, idString, 0);
        metrics.invalidation(keyType, CacheLayer.LOCAL);
        if (remote == null) {
            return Uni.createFrom().voidItem();
        }
        if (!remote.gateway().available()) {
            return Uni.createFrom().failure(new IllegalStateException("Redis is skipped after repeated failures "
                    + "(the breaker is open)"));
        }
        return invalidateRemote(keyType, idString, 0);
    }

    /**
     * Moves the watermark and announces it; once Redis has answered, this process's LOCAL entries are dropped again:
     * a fill may have read REMOTE before the watermark moved, and the buffer runs from Redis's answer.
     */
    private Uni<Void> invalidateRemote(String keyType, String idString, long bufferMillis) {
        metrics.invalidation(keyType, CacheLayer.REMOTE);
        return remote.invalidate(keyType, idString, bufferMillis)
                .invoke(() -> dropLocal(keyType, idString, bufferMillis));
    }

    /**
     * A future buffer in milliseconds, as the invalidation script can take it: a negative one (or {@code null}) is
     * none, since a watermark put in the past would leave the entries written since then fresh; a longer one than
     * {@link #MAX_BUFFER_MILLIS} is cut to it, since Redis refuses an expiry past its clock's range (the invalidation
     * would then fail) and {@code Duration#toMillis} throws past a {@code long}.
     */
    static long bufferMillis(Duration futureBuffer) {
        if (futureBuffer == null || futureBuffer.isNegative()) {
            return 0;
        }
        return futureBuffer.compareTo(Duration.ofMillis(MAX_BUFFER_MILLIS)) > 0 ? MAX_BUFFER_MILLIS
                : futureBuffer.toMillis();
    }

    /**
     * Drops this process's LOCAL entries of the entity in every tracked use case of its key type and detaches its
     * running flights (rules 3 to 6 above). Cheap enough for the event loop that delivers the channel's message.
     */
    void dropLocal(String keyType, String idString, long futureBufferMillis) {
        AtomicLong generation = keyTypeGenerations.get(keyType);
        if (generation == null) {
            return; // no tracked use case has this key type
        }
        if (futureBufferMillis > 0) {
            // Recorded before the generation moves: a fill that sees the new generation also sees the buffer.
            long until = System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(futureBufferMillis), MAX_BUFFER_NANOS);
            futureBuffers.get(keyType).merge(idString, until, (a, b) -> a - b >= 0 ? a : b);
        }
        generation.incrementAndGet();
        for (UseCase uc : trackedByKeyType.get(keyType)) {
            uc.local.dropEntity(idString);
            uc.detachFlights(idString);
        }
    }

    /** Rule 7: drops every tracked LOCAL entry and detaches every tracked flight. */
    void dropTrackedLocal() {
        for (Map.Entry<String, List<UseCase>> e : trackedByKeyType.entrySet()) {
            keyTypeGenerations.get(e.getKey()).incrementAndGet();
            for (UseCase uc : e.getValue()) {
                uc.local.clear();
                uc.flights.clear();
            }
        }
    }

    /** Rule 6: whether an invalidation's future buffer runs for the entity of {@code key} (tracked use cases only). */
    boolean inFutureBuffer(UseCase uc, Object key) {
        ConcurrentHashMap<String, Long> buffers = uc.tracked() ? futureBuffers.get(uc.keyType()) : null;
        if (buffers == null || buffers.isEmpty()) {
            return false;
        }
        String id = UseCase.idOf(key);
        Long until = buffers.get(id);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        buffers.remove(id, until);
        return false;
    }

    /** Forgets the future buffers that have passed (housekeeping). */
    void sweep() {
        long now = System.nanoTime();
        for (ConcurrentHashMap<String, Long> buffers : futureBuffers.values()) {
            buffers.values().removeIf(until -> now - until >= 0);
        }
    }

    /** Rule 8 for a use case's LOCAL tier switched off: it keeps nothing from before. */
    void switchedOff(UseCase uc) {
        uc.generation.incrementAndGet(); // a fill that read the old settings keeps nothing
        uc.local.clear();
    }

    // ---- delete and flush ----------------------------------------------------------------------------------

    /**
     * Deletes one entry from both tiers, named by its use case, id string and arguments' key strings (in the use
     * case's argument order; {@code null} for a {@code null} argument).
     */
    Uni<Void> delete(UseCase uc, String idString, String[] argumentStrings) {
        Predicate<Object> which = k -> idString.equals(UseCase.idOf(k))
                && Arrays.equals(uc.argumentStrings(k), argumentStrings);
        requestLocal.dropEntries(Scopes.memo(), uc, which); // rule 10
        deleteLocal(uc, idString, k -> Arrays.equals(uc.argumentStrings(k), argumentStrings));
        if (remote == null) {
            return Uni.createFrom().voidItem();
        }
        return remote.delete(remote.urn(uc, idString, argumentStrings));
    }

    /**
     * Drops the LOCAL entries of the entity {@code idString} whose key {@code which} accepts (rule 9): the generation
     * moves first, so that a fill that started before the delete does not put one back, and the entity's flights are
     * detached, so that no call that comes after the delete waits for a fill that read what was deleted.
     */
    void deleteLocal(UseCase uc, String idString, Predicate<Object> which) {
        uc.generation.incrementAndGet();
        uc.local.dropEntries(idString, which);
        uc.detachFlights(idString);
    }

    /** Empties both tiers of GCache's own entries: LOCAL, and in Redis every key under the prefix. */
    Uni<Long> flush() {
        requestLocal.clear(Scopes.memo()); // rule 10
        for (UseCase uc : useCases) {
            uc.generation.incrementAndGet();
            uc.local.clear();
            uc.flights.clear();
        }
        if (remote == null) {
            return Uni.createFrom().item(0L);
        }
        return remote.flush();
    }
}
