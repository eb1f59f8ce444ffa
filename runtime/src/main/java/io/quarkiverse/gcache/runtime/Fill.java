package io.quarkiverse.gcache.runtime;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.remote.ExpiredEntry;
import io.quarkiverse.gcache.runtime.remote.RemoteRead;
import io.quarkiverse.gcache.runtime.remote.RemoteTier;
import io.quarkiverse.gcache.runtime.shadow.StaleRecovery;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.smallrye.mutiny.Uni;

/**
 * One fill of one key, led by one caller after a LOCAL miss (SPEC §4.3–§4.7): what it reads with (use case, key,
 * settings, tiers, the generation read before the settings, its start time) and its steps, which the blocking and the
 * asynchronous paths of {@link ReadThrough} take in the same order:
 * <ol>
 * <li>{@link #localAgain()}: a fill that ended just before this one led may have put the value;</li>
 * <li>{@link #remoteAnswer}: REMOTE's read, decoded, or {@link RemoteTier#MISS};</li>
 * <li>the method, when REMOTE had nothing fresh;</li>
 * <li>{@link #writeRemote}: the method's result to REMOTE, created when the read started;</li>
 * <li>{@link #keep}: the value (REMOTE's or the method's) to LOCAL, unless {@link Invalidations} forbids.</li>
 * </ol>
 * When the method fails, {@link #recoverStale} may answer with a REMOTE entry the read found past its TTL (stale on
 * error), which neither {@link #writeRemote} nor {@link #keep} stores.
 */
final class Fill {

    final UseCase uc;
    final Object key;
    final UseCaseSettings settings;
    /** The tiers the call uses ({@link Tiers}). */
    final int tiers;
    /** The use case's generation, read before the settings were (see {@link Invalidations}, rule 4). */
    private final long generation;
    /** When the fill started (epoch ms): the age a LOCAL entry shows. */
    private final long startedAt = System.currentTimeMillis();
    /** The flight this fill leads: its followers get what it completes with. */
    final Flight flight;
    private final Invalidations invalidations;
    private final RemoteTier remote;
    private String urn;
    /** What REMOTE answered, once read: the creation time and the watermark fence of what is written back. */
    private RemoteRead read;
    /** An entry the read found past its TTL, kept for stale on error while the method runs (SPEC §13). */
    private ExpiredEntry kept;
    private long keptAtNanos;
    /** Whether the fill answered with a kept stale value: never written to REMOTE or LOCAL. */
    private boolean recovered;

    Fill(UseCase uc, Object key, UseCaseSettings settings, int tiers, long generation, Flight flight,
            Invalidations invalidations, RemoteTier remote) {
        this.uc = uc;
        this.key = key;
        this.settings = settings;
        this.tiers = tiers;
        this.generation = generation;
        this.flight = flight;
        this.invalidations = invalidations;
        this.remote = remote;
    }

    /** LOCAL once more, now that this fill leads (a hit is counted as the call's LOCAL hit). */
    LocalEntry localAgain() {
        return Tiers.has(tiers, CacheLayer.LOCAL) ? uc.local.lookupAgain(uc, key, settings.local().ttlNanos()) : null;
    }

    /** Whether the call's tiers include REMOTE and the breaker lets it be read now (counted when it does not). */
    boolean readsRemote() {
        return Tiers.has(tiers, CacheLayer.REMOTE) && remote.available(uc);
    }

    /** The entry's Redis key, built once REMOTE is read. */
    String urn() {
        if (urn == null) {
            urn = remote.urn(uc, key);
        }
        return urn;
    }

    /** Records REMOTE's answer ({@code null}: the read failed) and gives its fresh value, or {@link RemoteTier#MISS}. */
    Object remoteAnswer(RemoteRead answer) {
        this.read = answer;
        if (answer == null) {
            return RemoteTier.MISS;
        }
        return remote.decode(uc, settings, answer, remote.staleRecovery(uc) == null ? null : this::keepExpired);
    }

    private void keepExpired(ExpiredEntry entry) {
        if (remote.staleRecovery(uc).keeps(entry)) {
            kept = entry;
            keptAtNanos = System.nanoTime();
        }
    }

    /** Whether a failure of the method may be answered with a stale value: the use case has stale on error. */
    boolean recoversStale() {
        return remote != null && remote.staleRecovery(uc) != null;
    }

    /**
     * The value to return instead of the method's failure ({@link StaleRecovery}), or {@link StaleRecovery#NONE}:
     * only after a REMOTE read (a failed or skipped read never recovers). Never throws.
     */
    Object recoverStale(Throwable failure) {
        if (read == null || !recoversStale()) {
            return StaleRecovery.NONE;
        }
        Object value = remote.staleRecovery(uc).recover(failure, kept, keptAtNanos, remote::decodeKept);
        recovered = value != StaleRecovery.NONE;
        return value;
    }

    /** Writes the method's result to REMOTE when REMOTE was read (completes when Redis has it; never fails). */
    Uni<Void> writeRemote(Object value) {
        return read == null ? Uni.createFrom().voidItem() : remote.write(uc, settings, urn, read, value);
    }

    /**
     * Puts the value in LOCAL, unless the call does not use LOCAL, an invalidation's future buffer runs for the entity
     * (REMOTE's read shows it as a watermark in the future; a fill that did not read REMOTE asks
     * {@link Invalidations#inFutureBuffer}), or the generation moved since the fill's settings were read. Checked
     * before the put, so that a stale fill never replaces, even for a moment, what a fresher fill wrote, and again
     * after it: a drop moves the generation before it removes entries, so either it removes ours or we see it moved.
     */
    void keep(Object value) {
        if (recovered || !Tiers.has(tiers, CacheLayer.LOCAL) || (read != null && read.writeBlocked())
                || invalidations.inFutureBuffer(uc, key)) {
            return;
        }
        LayerSettings local = settings.local();
        if (!local.isOn() || uc.generation.get() != generation) {
            return;
        }
        LocalEntry entry = new LocalEntry(value, local.ttlNanos(), startedAt);
        uc.local.put(key, entry);
        if (uc.generation.get() != generation) {
            uc.local.remove(key, entry);
        }
    }

    /**
     * The tier whose miss sent the call to the method, for the fallback timer: LOCAL when it was looked up and
     * REMOTE was not read (skipped on an event loop or by an open breaker), else REMOTE (the only tier the call had,
     * read or skipped).
     */
    static CacheLayer missedTier(int tiers, boolean readRemote) {
        if (!readRemote && tiers == Tiers.of(CacheLayer.REMOTE_SHADOW)) {
            return CacheLayer.REMOTE_SHADOW; // REMOTE ramped down, only its shadow cohort warming it (SPEC §12)
        }
        return readRemote || !Tiers.has(tiers, CacheLayer.LOCAL) ? CacheLayer.REMOTE : CacheLayer.LOCAL;
    }
}
