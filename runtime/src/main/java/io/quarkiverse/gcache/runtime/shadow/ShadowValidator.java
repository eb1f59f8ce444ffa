package io.quarkiverse.gcache.runtime.shadow;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.GCacheMetrics.MissReason;
import io.quarkiverse.gcache.runtime.Invoker;
import io.quarkiverse.gcache.runtime.RateLimitedLog;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.config.ShadowSettings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.remote.Envelope;
import io.quarkiverse.gcache.runtime.remote.RemoteRead;
import io.quarkiverse.gcache.runtime.remote.RemoteTier;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.smallrye.mutiny.Uni;

/**
 * Shadow validation (SPEC §12): how stale a use case's REMOTE entries really are, measured on a sampled cohort of
 * keys without touching any response.
 * <p>
 * <b>A served REMOTE hit</b> of a key in the cohort ({@link #servedHit}) keeps the entry's bytes as served (C0),
 * and the caller goes on at once. On a worker thread the method runs again with caching disabled (S); the value C0
 * decodes to and S are compared ({@link ShadowEquality}). Equal is {@code match}. Different is confirmed by one more
 * read (C1): the entry gone, other bytes, or now fenced by a watermark is {@code superseded} (the cache had already
 * moved on); the same bytes are a {@code mismatch}, a stale entry. The entry is never repaired.
 * <p>
 * <b>Warming</b> ({@link #warm}): while the use case's REMOTE ramp is 0, a call of a cohort key that ran the method
 * reads REMOTE meanwhile (C0, started before the method so that its Redis time is the value's creation time) and,
 * once the caller has its result, compares it with a fresh entry as above, or writes it where there is none
 * ({@code filled}), unless the watermark the read saw, or the write script finds, fences it ({@code fill_fenced}).
 * <p>
 * The caller never waits for any of it and never sees its failures; checks are bounded by {@link ShadowJobs}. Redis
 * reads, writes and (de)serialization of the checks report {@code layer="REMOTE_SHADOW"}.
 */
public final class ShadowValidator {

    private final RemoteTier remote;
    private final GCacheMetrics metrics;
    private final boolean timed;
    private final RateLimitedLog log;
    private final ShadowSetup setup;
    private final ShadowJobs jobs;
    private final MismatchLog mismatches;
    private final Map<UseCase, ShadowEquality> equality = new ConcurrentHashMap<>();

    public ShadowValidator(RemoteTier remote, GCacheMetrics metrics, RateLimitedLog log) {
        this.remote = remote;
        this.metrics = metrics;
        this.timed = metrics.timed();
        this.log = log;
        this.setup = remote.shadowSetup();
        this.jobs = new ShadowJobs(setup.maxInFlight(), setup.executor(), metrics);
        this.mismatches = new MismatchLog(setup.mapper());
    }

    /** Whether a call with these settings that does not use REMOTE warms it: REMOTE ramped to 0, shadow on. */
    public static boolean warms(UseCaseSettings s) {
        return s.shadow().isOn() && s.remote().ramp() == 0 && s.remote().ttlNanos() > 0 && !s.remote().configError();
    }

    /** The shadow run of a blocking method: the call's own target and arguments, caching disabled. */
    public static <C> Callable<Object> rerun(Invoker<C> invoker, C context, Object[] params) {
        return () -> {
            try (GCacheScope off = Scopes.open(false)) {
                return invoker.proceed(context, params);
            }
        };
    }

    /** The shadow run of a {@code Uni} or {@code CompletionStage} method, waited for on the worker. */
    public static Callable<Object> rerun(Supplier<Uni<Object>> method) {
        return () -> {
            try (GCacheScope off = Scopes.open(false)) {
                return Scopes.subscribeInScope(method.get(), off).await().indefinitely();
            }
        };
    }

    /** Whether a REMOTE hit of the key named {@code urn} is checked: the key is in the cohort. */
    public boolean sampled(ShadowSettings shadow, String urn) {
        return ShadowCohort.includes(urn, shadow.ramp());
    }

    /** A REMOTE hit of a {@link #sampled} key was served from {@code c0}: checks it in the background. Returns at once. */
    public void servedHit(UseCase uc, ShadowSettings shadow, String urn, RemoteRead c0, long deadlineNanos,
            Callable<Object> rerun) {
        long readAt = System.nanoTime();
        ShadowJobs.Job job = jobs.admit(uc, urn, deadlineNanos);
        if (job == null) {
            return;
        }
        job.start(() -> {
            Object current;
            try {
                current = rerun.call();
            } catch (Throwable e) {
                job.verdict(ShadowOutcome.SOURCE_ERROR, -1);
                return;
            }
            compare(job, shadow, c0, readAt, current);
        });
    }

    /**
     * A call of a use case that {@link #warms} is about to run the method: if the key is in the cohort, reads REMOTE
     * now (without waiting) and gives the handle the caller's result goes to; else {@code null}.
     */
    public Warming warm(UseCase uc, UseCaseSettings s, String urn, Object localKey, long deadlineNanos) {
        if (!ShadowCohort.includes(urn, s.shadow().ramp()) || !remote.gateway().available()) {
            return null;
        }
        ShadowJobs.Job job = jobs.admit(uc, urn, deadlineNanos);
        if (job == null) {
            return null;
        }
        CompletableFuture<RemoteRead> c0 = new CompletableFuture<>();
        long start = System.nanoTime();
        remote.gateway().read(urn, remote.watermarkKey(uc, localKey)).subscribe().with(read -> {
            readDone(uc, read, start, missReason(uc, s, read));
            c0.complete(read);
        }, e -> {
            metrics.error(uc, CacheLayer.REMOTE_SHADOW, e, false);
            c0.completeExceptionally(e);
        });
        return new Warming(job, s, c0, System.nanoTime());
    }

    /** Where the caller's own result goes, when the call warms REMOTE. */
    public final class Warming {
        private final ShadowJobs.Job job;
        private final UseCaseSettings settings;
        private final CompletableFuture<RemoteRead> c0;
        private final long readAt;

        private Warming(ShadowJobs.Job job, UseCaseSettings settings, CompletableFuture<RemoteRead> c0, long readAt) {
            this.job = job;
            this.settings = settings;
            this.c0 = c0;
            this.readAt = readAt;
        }

        /** The method returned {@code value} to the caller: compare or fill, on a worker. */
        public void result(Object value) {
            job.start(() -> warmWith(job, settings, c0, readAt, value));
        }

        /** The method failed: there is nothing to compare or fill with. */
        public void failed() {
            job.end(ShadowOutcome.SOURCE_ERROR);
        }
    }

    private void warmWith(ShadowJobs.Job job, UseCaseSettings s, CompletableFuture<RemoteRead> c0Future, long readAt,
            Object value) {
        UseCase uc = job.uc;
        RemoteRead c0;
        try {
            c0 = c0Future.get(); // bounded by remote.timeout
        } catch (Exception e) {
            job.verdict(ShadowOutcome.FILL_ERROR, -1);
            return;
        }
        if (missReason(uc, s, c0) == null) {
            compare(job, s.shadow(), c0, readAt, value);
            return;
        }
        if (c0.writeBlocked()) {
            job.verdict(ShadowOutcome.FILL_FENCED, -1);
            return;
        }
        byte[] payload;
        long start = timed ? System.nanoTime() : 0;
        try {
            payload = remote.codec(uc).encode(value);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            metrics.error(uc, CacheLayer.REMOTE_SHADOW, e, true);
            job.verdict(ShadowOutcome.FILL_ERROR, -1);
            return;
        }
        if (payload.length > remote.maxValueSize()) {
            job.verdict(ShadowOutcome.FILL_ERROR, -1); // as REMOTE itself would not write it
            return;
        }
        byte[] entry = Envelope.wrap(c0.serverTime(), payload);
        if (timed) {
            metrics.serializationTime(uc, CacheLayer.REMOTE_SHADOW, true, System.nanoTime() - start);
            metrics.size(uc, CacheLayer.REMOTE_SHADOW, entry.length);
        }
        boolean written;
        try {
            written = remote.gateway().writeTaken(job.urn, c0.watermarkKey(), entry, c0.serverTime(),
                    // kept as long as REMOTE's own writes keep it: a stale-on-error max-age, if longer than the TTL
                    remote.physicalTtlMillis(uc, s.remote().ttlNanos() / 1_000_000), remote.watermarkTtlMillis())
                    .await().indefinitely();
        } catch (RuntimeException e) {
            metrics.error(uc, CacheLayer.REMOTE_SHADOW, e, true);
            job.verdict(ShadowOutcome.FILL_ERROR, -1);
            return;
        }
        job.verdict(written ? ShadowOutcome.FILLED : ShadowOutcome.FILL_FENCED, -1);
    }

    /** Compares the value {@code c0} holds with {@code current}, and confirms a difference with one more read. */
    private void compare(ShadowJobs.Job job, ShadowSettings shadow, RemoteRead c0, long readAt, Object current) {
        UseCase uc = job.uc;
        byte[] entry = c0.entry();
        int separator = Envelope.separator(entry);
        long createdAt = Envelope.createdAt(entry, separator);
        Object cached;
        boolean same;
        try {
            long start = timed ? System.nanoTime() : 0;
            cached = remote.codec(uc).decode(entry, separator + 1);
            if (timed) {
                metrics.serializationTime(uc, CacheLayer.REMOTE_SHADOW, false, System.nanoTime() - start);
            }
            same = equality(uc).same(cached, current);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("shadow-compare:" + uc.name(), "Use case %s: shadow validation cannot compare values (%s)",
                    uc.name(), e.toString());
            job.verdict(ShadowOutcome.COMPARISON_ERROR, -1);
            return;
        }
        if (same) {
            // The age on the Redis clock: C0's server time plus what has passed here since.
            long now = c0.serverTime() + (System.nanoTime() - readAt) / 1_000_000;
            job.verdict(ShadowOutcome.MATCH, Math.max(0, now - createdAt) / 1000.0);
            return;
        }
        if (job.over()) {
            return;
        }
        RemoteRead c1;
        long start = System.nanoTime();
        try {
            c1 = remote.gateway().readNow(job.urn, c0.watermarkKey());
        } catch (RuntimeException e) {
            metrics.error(uc, CacheLayer.REMOTE_SHADOW, e, false);
            job.verdict(ShadowOutcome.CONFIRMATION_ERROR, -1);
            return;
        }
        readDone(uc, c1, start);
        if (c1.entry() == null || !Arrays.equals(c1.entry(), entry) || fenced(uc, c1)) {
            job.verdict(ShadowOutcome.SUPERSEDED, -1);
            return;
        }
        double age = Math.max(0, c1.serverTime() - createdAt) / 1000.0;
        if (job.verdict(ShadowOutcome.MISMATCH, age) && shadow.logMismatches()) {
            mismatches.mismatch(uc.name(), job.urn, age, cached, current);
        }
    }

    /**
     * Why REMOTE would not serve the read's entry, as {@link RemoteTier#decode} counts it, or {@code null} when it
     * would (the payload is decoded by the comparison): absent, malformed, fenced by its entity's watermark (or by its
     * absence), or as old as the TTL in force (Redis keeps it longer for a stale-on-error max-age, or after the TTL
     * was lowered). Warming fills over all of them, as a REMOTE miss would be.
     */
    private static MissReason missReason(UseCase uc, UseCaseSettings s, RemoteRead read) {
        byte[] entry = read.entry();
        if (entry == null) {
            return MissReason.VALUE_ABSENT;
        }
        long createdAt;
        try {
            createdAt = Envelope.createdAt(entry, Envelope.separator(entry));
        } catch (RuntimeException e) {
            return MissReason.UNCLASSIFIED;
        }
        if (uc.tracked() && read.fenced(createdAt)) {
            return MissReason.WATERMARK_FENCED;
        }
        return read.serverTime() - createdAt >= s.remote().ttlNanos() / 1_000_000 ? MissReason.EXPIRED : null;
    }

    /** Whether the read's entry is stale by its entity's watermark, or by the watermark's absence (SPEC §15). */
    private static boolean fenced(UseCase uc, RemoteRead read) {
        return uc.tracked() && read.fenced(Envelope.createdAt(read.entry(), Envelope.separator(read.entry())));
    }

    private void readDone(UseCase uc, RemoteRead read, long startNanos) {
        readDone(uc, read, startNanos, read.entry() == null ? MissReason.VALUE_ABSENT : null);
    }

    /** Counts a shadow read: a request, and a miss with its reason unless {@code miss} is {@code null}. */
    private void readDone(UseCase uc, RemoteRead read, long startNanos, MissReason miss) {
        metrics.request(uc, CacheLayer.REMOTE_SHADOW);
        if (miss != null) {
            metrics.miss(uc, CacheLayer.REMOTE_SHADOW, miss);
        }
        if (timed) {
            metrics.getTime(uc, CacheLayer.REMOTE_SHADOW, System.nanoTime() - startNanos);
        }
    }

    private ShadowEquality equality(UseCase uc) {
        return equality.computeIfAbsent(uc,
                u -> new ShadowEquality(setup.comparators().apply(u.spec()), setup.mapper()));
    }

    /** Shadow checks running now. */
    public int running() {
        return jobs.running();
    }
}
