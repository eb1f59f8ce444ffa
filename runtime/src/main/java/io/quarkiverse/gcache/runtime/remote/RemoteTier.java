package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.GCacheMetrics.DisabledReason;
import io.quarkiverse.gcache.runtime.GCacheMetrics.MissReason;
import io.quarkiverse.gcache.runtime.RateLimitedLog;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.config.Settings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.shadow.StaleOnErrorRule;
import io.quarkiverse.gcache.runtime.shadow.StaleRecovery;
import io.quarkiverse.gcache.runtime.shadow.ShadowSetup;
import io.smallrye.mutiny.Uni;

/**
 * The REMOTE tier: what an entry in Redis means. It reads an entry and the entity's watermark in one round trip,
 * unwraps the {@link Envelope} (creation time on the Redis clock, then the payload), decides freshness (an entry
 * created at or before the watermark is stale, and so is one as old as the TTL in force now), decodes with the use case's
 * {@link PayloadCodec}, and writes a computed value under the size cap, fenced by the watermark the read saw. The
 * Redis commands themselves, their timeout and the breaker are {@link RedisGateway}'s.
 * <p>
 * It fails open on a call's path: a failed read is a skipped tier, an undecodable entry a miss, a failed encode or
 * write logged and counted; nothing there throws to the caller. An invalidation, delete or flush that Redis did not
 * take fails its {@code Uni}: the caller decides (see {@code Invalidations}).
 */
public final class RemoteTier {

    private static final Logger LOG = Logger.getLogger(RemoteTier.class);
    /** What {@link #decode} gives when the read has no fresh value. */
    public static final Object MISS = new Object();

    private final RedisGateway gateway;
    private final PayloadCodec[] codecs;
    /** Each use case's stale on error, or {@code null} where it has none. */
    private final StaleRecovery[] stale;
    private final long maxValueSize;
    private final long watermarkTtlMillis;
    private final Keyspace keyspace;
    private final GCacheMetrics metrics;
    private final boolean timed;
    private final RateLimitedLog log;
    private final ShadowSetup shadow;

    public RemoteTier(RemoteSetup setup, List<UseCase> useCases, Keyspace keyspace, GCacheMetrics metrics,
            RateLimitedLog log) {
        this.gateway = setup.layer();
        this.codecs = new PayloadCodec[useCases.size()];
        this.stale = new StaleRecovery[useCases.size()];
        for (UseCase uc : useCases) {
            codecs[uc.index()] = setup.codecs().apply(uc.spec());
            StaleOnErrorRule rule = setup.staleOnError().get(uc.name());
            stale[uc.index()] = rule == null ? null : new StaleRecovery(uc, rule, metrics, log);
        }
        this.maxValueSize = setup.maxValueSize();
        this.watermarkTtlMillis = setup.watermarkTtlMillis();
        this.keyspace = keyspace;
        this.metrics = metrics;
        this.timed = metrics.timed();
        this.log = log;
        this.shadow = setup.shadow();
    }

    /** Says which use cases keep their entries shorter than they ask, so that none outlives its watermark. */
    public void warnAboutWatermarkTtl(List<UseCase> useCases, Settings settings) {
        for (UseCase uc : useCases) {
            long remoteTtlMillis = physicalTtlMillis(uc, settings.useCase(uc.index()).remote().ttlNanos() / 1_000_000);
            if (uc.tracked() && remoteTtlMillis > watermarkTtlMillis) {
                String kept = Durations.format(Duration.ofMillis(watermarkTtlMillis));
                LOG.warnf("Use case %s asks for REMOTE entries of %s, longer than quarkus.gcache.watermark-ttl (%s): "
                        + "its entries are kept %s, so that none outlives the watermark that would invalidate it. "
                        + "Raise the watermark TTL or lower the use case's remote ttl.", uc.name(),
                        Durations.format(Duration.ofMillis(remoteTtlMillis)), kept, kept);
            }
        }
    }

    /** The use case's stale on error, or {@code null} when it has none. */
    public StaleRecovery staleRecovery(UseCase uc) {
        return stale[uc.index()];
    }

    /** How long an entry is kept in Redis: its TTL, or a longer stale-on-error max-age (SPEC §13). */
    public long physicalTtlMillis(UseCase uc, long ttlMillis) {
        StaleRecovery recovery = stale[uc.index()];
        return recovery == null ? ttlMillis : recovery.physicalTtlMillis(ttlMillis);
    }

    public RedisGateway gateway() {
        return gateway;
    }

    /** The Redis key of a call's entry. */
    public String urn(UseCase uc, Object localKey) {
        return uc.urn(localKey, keyspace);
    }

    /** The Redis key of an entry named by its id string and its arguments' key strings (in argument order). */
    public String urn(UseCase uc, String idString, String[] argumentStrings) {
        return uc.urn(idString, argumentStrings, keyspace);
    }

    /** What shadow validation runs with. */
    public ShadowSetup shadowSetup() {
        return shadow;
    }

    /** The use case's payload codec (shadow validation decodes and encodes with it too). */
    public PayloadCodec codec(UseCase uc) {
        return codecs[uc.index()];
    }

    /** {@code remote.max-value-size}: the largest payload written. */
    public long maxValueSize() {
        return maxValueSize;
    }

    /** {@code watermark-ttl}, in milliseconds. */
    public long watermarkTtlMillis() {
        return watermarkTtlMillis;
    }

    /** The entity's watermark key of a call's entry (tracked use cases), or {@code null}. */
    public String watermarkKey(UseCase uc, Object localKey) {
        return uc.tracked() ? keyspace.watermarkKey(uc.keyType(), UseCase.idOf(localKey)) : null;
    }

    /** Whether the breaker lets this call read REMOTE (asked right before the read: a probe is always used). */
    public boolean available(UseCase uc) {
        if (gateway.available()) {
            return true;
        }
        metrics.disabled(uc, CacheLayer.REMOTE, DisabledReason.SERVER_DOWN);
        return false;
    }

    /** REMOTE's answer, waited for on this thread, or {@code null} when the read failed (logged and counted). */
    public RemoteRead readNow(UseCase uc, String urn, Object localKey) {
        long start = timed ? System.nanoTime() : 0;
        try {
            return gateway.readNow(urn, watermarkKey(uc, localKey));
        } catch (RuntimeException e) {
            failed(uc, "read", e);
            return null;
        } finally {
            if (timed) {
                metrics.getTime(uc, CacheLayer.REMOTE, System.nanoTime() - start);
            }
        }
    }

    /** REMOTE's answer without blocking; {@code null} as the item when the read failed (logged and counted). */
    public Uni<RemoteRead> read(UseCase uc, String urn, Object localKey) {
        long[] start = { 0 };
        return gateway.read(urn, watermarkKey(uc, localKey))
                .onSubscription().invoke(() -> start[0] = timed ? System.nanoTime() : 0)
                .onTermination().invoke(() -> {
                    if (timed) {
                        metrics.getTime(uc, CacheLayer.REMOTE, System.nanoTime() - start[0]);
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    failed(uc, "read", e);
                    return null;
                });
    }

    /** {@link #decode(UseCase, UseCaseSettings, RemoteRead, Consumer)} that keeps no expired entry. */
    public Object decode(UseCase uc, UseCaseSettings s, RemoteRead read) {
        return decode(uc, s, read, null);
    }

    /**
     * The fresh value of a read, or {@link #MISS}, counted with its reason (SPEC §11): absent ({@code value_absent});
     * malformed ({@code unclassified}); created at or before the entity's watermark ({@code watermark_fenced}); as old
     * as the REMOTE TTL in force now or older ({@code expired}: Redis keeps an entry as long as the TTL it was written
     * under, or a stale-on-error max-age, so the TTL in force is checked here); undecodable, a class changed between
     * deploys or foreign bytes ({@code unclassified}, counted as an error too: the method's result overwrites it).
     *
     * @param expired receives an {@code expired} entry's bytes (a stale-on-error candidate), or {@code null}
     */
    public Object decode(UseCase uc, UseCaseSettings s, RemoteRead read, Consumer<ExpiredEntry> expired) {
        metrics.request(uc, CacheLayer.REMOTE);
        byte[] entry = read.entry();
        if (entry == null) {
            metrics.miss(uc, CacheLayer.REMOTE, MissReason.VALUE_ABSENT);
            return MISS;
        }
        int separator;
        long createdAt;
        try {
            separator = Envelope.separator(entry);
            createdAt = Envelope.createdAt(entry, separator);
        } catch (RuntimeException e) {
            return undecodable(uc, e);
        }
        if (uc.tracked() && read.fenced(createdAt)) {
            metrics.miss(uc, CacheLayer.REMOTE, MissReason.WATERMARK_FENCED);
            return MISS;
        }
        if (read.serverTime() - createdAt >= s.remote().ttlNanos() / 1_000_000) {
            metrics.miss(uc, CacheLayer.REMOTE, MissReason.EXPIRED);
            if (expired != null) {
                expired.accept(new ExpiredEntry(entry, separator, createdAt, read.serverTime()));
            }
            return MISS;
        }
        try {
            return load(uc, entry, separator);
        } catch (VirtualMachineError e) {
            throw e; // out of memory, stack overflow: the JVM's state, not an entry that cannot be read
        } catch (Throwable e) {
            // A codec may fail with an Error too: a class changed between deploys (NoClassDefFoundError), a
            // serializer whose initialiser failed. It is the entry's fault, never the caller's (SPEC §9).
            return undecodable(uc, e);
        }
    }

    /**
     * The value of an entry kept while the method ran (stale-on-error), decoded now; throws what the codec threw.
     */
    public Object decodeKept(UseCase uc, ExpiredEntry kept) throws Exception {
        try {
            return load(uc, kept.entry(), kept.separator());
        } catch (Exception | VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object load(UseCase uc, byte[] entry, int separator) throws Exception {
        long start = timed ? System.nanoTime() : 0;
        Object value = codecs[uc.index()].decode(entry, separator + 1);
        if (timed) {
            metrics.serializationTime(uc, false, System.nanoTime() - start);
        }
        return value;
    }

    private Object undecodable(UseCase uc, Throwable e) {
        metrics.miss(uc, CacheLayer.REMOTE, MissReason.UNCLASSIFIED);
        metrics.error(uc, CacheLayer.REMOTE, e, false);
        log.warn("decode:" + uc.name(), "Use case %s: a REMOTE entry cannot be read (%s); it is recomputed and "
                + "overwritten", uc.name(), e.toString());
        return MISS;
    }

    /**
     * Writes the method's result, created when the read started on the Redis clock, unless a watermark forbids: the
     * read saw one in the future (an invalidation's future buffer), or the write script finds one at or after the
     * creation time. The entry expires at its creation time + TTL, never later than a watermark set after its
     * creation would (see {@link RedisGateway#write}); with stale on error, at its creation time + max-age, so that a
     * call can still find it when the method fails. Completes when Redis has it (so the next call anywhere can hit
     * it); never fails.
     */
    public Uni<Void> write(UseCase uc, UseCaseSettings s, String urn, RemoteRead read, Object value) {
        if (read.writeBlocked()) {
            return Uni.createFrom().voidItem();
        }
        long ttlMillis = s.remote().ttlNanos() / 1_000_000;
        if (ttlMillis <= 0) {
            return Uni.createFrom().voidItem();
        }
        ttlMillis = physicalTtlMillis(uc, ttlMillis);
        byte[] payload;
        long start = timed ? System.nanoTime() : 0;
        try {
            payload = codecs[uc.index()].encode(value);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // an Error of the codec's own too (see decode): the caller still gets the value
            metrics.error(uc, CacheLayer.REMOTE, e, true);
            log.warn("encode:" + uc.name(), "Use case %s: the value cannot be encoded for REMOTE (%s)", uc.name(),
                    e.toString());
            return Uni.createFrom().voidItem();
        }
        // The limit is on the value, as the guide says; the envelope's time prefix is GCache's, not the value's.
        if (payload.length > maxValueSize) {
            log.warn("size:" + uc.name(), "Use case %s: a value of %d bytes is over quarkus.gcache.remote.max-value-size "
                    + "(%d) and is not written to REMOTE", uc.name(), payload.length, maxValueSize);
            return Uni.createFrom().voidItem();
        }
        byte[] entry = Envelope.wrap(read.serverTime(), payload);
        if (timed) {
            metrics.serializationTime(uc, true, System.nanoTime() - start);
            metrics.size(uc, entry.length);
        }
        return gateway.write(urn, read.watermarkKey(), entry, read.serverTime(), ttlMillis, watermarkTtlMillis)
                .onFailure().invoke(e -> failed(uc, "write", e))
                .onFailure().recoverWithNull();
    }

    /**
     * Moves the entity's watermark to Redis's now + {@code bufferMillis} and announces it on the invalidation
     * channel; fails when Redis did not take it (the caller decides whether to log or to tell).
     */
    public Uni<Void> invalidate(String keyType, String idString, long bufferMillis) {
        return gateway.invalidate(keyspace.watermarkKey(keyType, idString), bufferMillis, watermarkTtlMillis,
                keyspace.channel(), keyType, idString).replaceWithVoid();
    }

    /** Removes one entry. */
    public Uni<Void> delete(String urn) {
        return gateway.delete(urn);
    }

    /**
     * Removes every entry under the prefix. The config hash stays (the operator's settings are not cache entries), and
     * so do the watermarks: they are invalidations, not entries, and a fill that an invalidation overtook and that is
     * still running when the flush comes must still find its watermark when it writes (SPEC §4.7).
     */
    public Uni<Long> flush() {
        String config = keyspace.configKey();
        return gateway.flush(keyspace.flushPatterns(), key -> key.equals(config) || keyspace.isWatermarkKey(key));
    }

    private void failed(UseCase uc, String operation, Throwable e) {
        metrics.error(uc, CacheLayer.REMOTE, e, false);
        log.warn("remote:" + operation, "REMOTE %s failed for use case %s (%s); the call goes on without it", operation,
                uc.name(), e.toString());
    }
}
