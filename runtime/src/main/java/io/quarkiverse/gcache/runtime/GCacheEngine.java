package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.eclipse.microprofile.config.Config;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheFlights;
import io.quarkiverse.gcache.runtime.config.Settings;
import io.quarkiverse.gcache.runtime.config.SettingsReader;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.remote.InvalidationSubscriber;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.quarkiverse.gcache.runtime.remote.RedisRefusal;
import io.quarkiverse.gcache.runtime.remote.RemoteSetup;
import io.quarkiverse.gcache.runtime.remote.RemoteTier;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.quarkiverse.gcache.runtime.tier.LocalTier;
import io.quarkiverse.gcache.runtime.tier.RequestLocalTier;
import io.quarkiverse.gcache.runtime.tier.RequestMemo;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The engine: what happens on a call, in one place (SPEC §4, §10). A method's {@link GCacheCallSite} hands its
 * calls here; it knows nothing of CDI, so tests and benchmarks drive it directly.
 * <p>
 * A call is a decision, then a walk down the tiers:
 * <pre>
 * call ─ enabled? ─ settings snapshot ─ tiers, key ({@link TierChoice})
 *      ─► REQUEST_LOCAL, when the use case has it on ({@link RequestLocalRead}: the scope's memo, the scope's flight)
 *      ─► LOCAL ({@link LocalTier}: hit? return)
 *      ─► the key's flight ({@link ReadThrough}, {@link Flights}: lead, or follow another caller's)
 *           └─ as leader, one {@link Fill}: LOCAL again ─► REMOTE ({@link RemoteTier}) ─► the method
 *              ─► write REMOTE ─► keep in LOCAL (unless {@link Invalidations} forbids)
 * </pre>
 * <b>A LOCAL hit</b> is {@link #call}: one volatile read of the settings, one read of the enable scope, the key
 * parts taken from the parameters, one Caffeine lookup; no URN, no lambda, and for a use case keyed by a string id
 * alone no allocation. <b>What makes an entry stale</b> is stated once, in {@link Invalidations}. <b>The Redis
 * keys</b> are built and parsed by {@link Keyspace} alone.
 * <p>
 * Every failure of the cache itself is logged (rate-limited), most are counted in {@code gcache_error_counter} (not
 * yet: a failed REMOTE invalidation, a follower that waited out the deadline), and the method runs: the caller only
 * ever sees the method's own result or exception.
 * <p>
 * Over 400 lines, knowingly (REQUEST_LOCAL added a branch per call kind; its logic is {@link RequestLocalRead}'s): the
 * decision is under 220; the rest is the engine's API (invalidate, delete, flush, settings, entries) for the
 * {@code GCache} bean, the Dev UI and tests, each a documented delegation to its owner.
 */
public final class GCacheEngine {

    private final UseCase[] useCases;
    private final Map<String, UseCase> byName = new HashMap<>();
    private final SettingsReader settingsReader;
    private final GCacheMetrics metrics;
    private final Keyspace keyspace;
    private final RemoteTier remote;
    private final InvalidationSubscriber subscriber;
    private final Invalidations invalidations;
    private final TierChoice choice;
    private final ReadThrough readThrough;
    private final RequestLocalRead requestLocal;
    private final Housekeeping housekeeping;
    private final CacheEntries entries = new CacheEntries(this);
    private volatile Settings settings;
    private final Object refreshLock = new Object();

    /**
     * @param localMaxSize each use case's LOCAL bound ({@code local.max-size}, its own or the global one)
     * @param remote REMOTE's setup, or {@code null} to run LOCAL only
     * @param provider the application's {@link GCacheConfigProvider}, or {@code null}
     * @param instantiate gives an instance of a generated property reader or an adapter class, by name
     * @param blockingAllowed whether this thread may block (wait for a fill or for Redis): not on an event loop
     */
    public GCacheEngine(List<UseCaseSpec> specs, String keyPrefix, int maxKeyLength,
            ToLongFunction<UseCaseSpec> localMaxSize, Config config, RemoteSetup remote, GCacheConfigProvider provider,
            Function<String, Object> instantiate, BooleanSupplier blockingAllowed, GCacheMetrics metrics) {
        this.keyspace = new Keyspace(keyPrefix, maxKeyLength);
        this.metrics = metrics;
        RateLimitedLog log = new RateLimitedLog(1, TimeUnit.MINUTES);
        RequestLocalTier requestLocalTier = new RequestLocalTier(specs.size(), SettingsReader.requestLocalMaxSize(config),
                metrics);
        this.invalidations = new Invalidations(metrics, log, requestLocalTier);
        this.useCases = new UseCase[specs.size()];
        for (int i = 0; i < useCases.length; i++) {
            UseCaseSpec spec = specs.get(i);
            KeyPart[] args = new KeyPart[spec.getArgs().size()];
            for (int a = 0; a < args.length; a++) {
                args[a] = KeyPart.of(spec.getArgs().get(a), instantiate);
            }
            // The tail of a large entity drop runs on Mutiny's worker pool (Quarkus's), looked up when it is needed.
            LocalTier local = new LocalTier(localMaxSize.applyAsLong(spec), args.length > 0 || spec.isProgrammatic(),
                    r -> Infrastructure.getDefaultWorkerPool().execute(r), metrics);
            UseCase uc = new UseCase(i, spec, KeyPart.of(spec.getId(), instantiate), args, local,
                    invalidations.generationFor(spec));
            useCases[i] = uc;
            byName.put(spec.getUseCase(), uc);
            invalidations.register(uc);
        }
        this.settingsReader = new SettingsReader(specs, log);
        this.settings = settingsReader.read(config);
        this.choice = new TierChoice(metrics, log, provider, keyspace, remote != null);
        if (remote == null) {
            this.remote = null;
            this.subscriber = null;
        } else {
            this.remote = new RemoteTier(remote, List.of(useCases), keyspace, metrics, log);
            this.subscriber = new InvalidationSubscriber(remote, keyspace, invalidations.listener());
            invalidations.useRemote(this.remote);
            choice.watch(subscriber);
            this.remote.warnAboutWatermarkTtl(List.of(useCases), settings);
        }
        this.readThrough = new ReadThrough(invalidations, this.remote, metrics, log, blockingAllowed);
        this.requestLocal = new RequestLocalRead(requestLocalTier, readThrough, invalidations, metrics, blockingAllowed);
        this.housekeeping = new Housekeeping(log);
    }

    // ---- life cycle ----------------------------------------------------------------------------------------

    /** Starts listening for invalidations from other processes (REMOTE only). */
    public void start() {
        if (subscriber != null) {
            RedisRefusal.logStart(remote.gateway().warmUp(Duration.ofSeconds(2)));
            subscriber.start();
        }
    }

    /**
     * Starts the housekeeping thread: it re-reads the dynamic configuration every {@code refreshPeriod}, after
     * {@code beforeEach} (which may refresh a config source, e.g. the Redis hash), unless the period is zero, and frees
     * the LOCAL entries that expired unread.
     */
    public void startHousekeeping(Duration refreshPeriod, Supplier<Config> config, Runnable beforeEach) {
        housekeeping.start(refreshPeriod, () -> {
            beforeEach.run();
            refreshSettings(config.get());
        }, this::sweepLocal);
    }

    /** Frees every use case's expired LOCAL entries, and forgets the future buffers that have passed. */
    void sweepLocal() {
        for (UseCase uc : useCases) {
            uc.local.sweep();
        }
        invalidations.sweep();
    }

    public void stop() {
        housekeeping.stop();
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    // ---- the read path -------------------------------------------------------------------------------------

    /** A call of a method that returns its value. */
    public <C> Object call(UseCase uc, Object[] params, C context, Invoker<C> invoker) throws Exception {
        // Read before the settings: a refresh that empties LOCAL after they were read moves it (Invalidations, rule 4).
        long generation = uc.generation.get();
        Settings snapshot = settings;
        UseCaseSettings s = choice.enabled(uc, snapshot);
        if (s == null) {
            return invoker.proceed(context, params);
        }
        int tiers;
        Object key;
        if (choice.asksProvider()) {
            TierChoice.Plan plan = choice.plan(uc, params, s, snapshot);
            if (plan == null) {
                return invoker.proceed(context, params);
            }
            key = plan.key();
            s = plan.settings();
            tiers = plan.tiers();
        } else { // TierChoice.plan's steps, inline: the hot path allocates nothing
            tiers = choice.tiers(uc, s);
            key = tiers == Tiers.NONE ? null : choice.key(uc, params);
            if (key == null) {
                return invoker.proceed(context, params);
            }
        }
        if (Tiers.has(tiers, CacheLayer.REQUEST_LOCAL)) {
            return requestLocal.call(uc, key, s, tiers, generation, snapshot.fallbackTimeoutNanos(uc.index), params,
                    context, invoker);
        }
        if (Tiers.has(tiers, CacheLayer.LOCAL)) {
            LocalEntry hit = uc.local.lookup(uc, key, s.local().ttlNanos());
            if (hit != null) {
                return hit.value();
            }
        }
        return readThrough.fill(uc, key, s, tiers, generation, snapshot.fallbackTimeoutNanos(uc.index), params,
                context, invoker);
    }

    /** A call of a method that returns a {@code Uni}: the lookup happens when the {@code Uni} is subscribed. */
    public <C> Uni<Object> callUni(UseCase uc, Object[] params, C context, Invoker<C> invoker) {
        // Whether to cache, and the key, are decided now: the scope and the arguments are those of the call.
        TierChoice.Plan plan = plan(uc, params);
        if (plan == null) {
            return proceedUni(params, context, invoker);
        }
        Supplier<Uni<Object>> method = () -> proceedUni(params, context, invoker);
        RequestMemo memo = RequestLocalRead.memoFor(plan.tiers()); // the scope is the call's, not the subscriber's
        // The subscription's Mutiny context tells whether it runs inside a fill of this key (a Uni that retries itself).
        return Uni.createFrom().context(chain -> memo == null ? belowAsync(uc, plan, chain, method)
                : requestLocal.callAsync(uc, plan, memo, chain, () -> belowAsync(uc, plan, chain, method)));
    }

    /** An asynchronous call from LOCAL down. */
    private Uni<Object> belowAsync(UseCase uc, TierChoice.Plan plan, io.smallrye.mutiny.Context chain,
            Supplier<Uni<Object>> method) {
        LocalEntry hit = localHit(uc, plan);
        return hit != null ? Uni.createFrom().item(hit.value()) : fillAsync(uc, plan, chain, method);
    }

    /** A call of a method that returns a {@code CompletionStage}. */
    public <C> CompletionStage<Object> callStage(UseCase uc, Object[] params, C context, Invoker<C> invoker)
            throws Exception {
        TierChoice.Plan plan = plan(uc, params);
        if (plan == null) {
            return proceedStage(params, context, invoker);
        }
        RequestMemo memo = RequestLocalRead.memoFor(plan.tiers());
        LocalEntry hit = memo == null ? localHit(uc, plan) : null;
        if (hit != null) {
            return CompletableFuture.completedFuture(hit.value());
        }
        Supplier<Uni<Object>> method = () -> {
            try {
                return Uni.createFrom().completionStage(proceedStage(params, context, invoker));
            } catch (Throwable t) {
                return Uni.createFrom().failure(t);
            }
        };
        return (memo == null ? fillAsync(uc, plan, null, method)
                : requestLocal.callAsync(uc, plan, memo, null, () -> belowAsync(uc, plan, null, method)))
                .subscribeAsCompletionStage();
    }

    /** The decision of an asynchronous call, taken when the method is called; {@code null}: it runs uncached. */
    private TierChoice.Plan plan(UseCase uc, Object[] params) {
        Settings snapshot = settings;
        UseCaseSettings s = choice.enabled(uc, snapshot);
        return s == null ? null : choice.plan(uc, params, s, snapshot);
    }

    private static LocalEntry localHit(UseCase uc, TierChoice.Plan plan) {
        return Tiers.has(plan.tiers(), CacheLayer.LOCAL)
                ? uc.local.lookup(uc, plan.key(), plan.settings().local().ttlNanos())
                : null;
    }

    private Uni<Object> fillAsync(UseCase uc, TierChoice.Plan plan, io.smallrye.mutiny.Context chain,
            Supplier<Uni<Object>> method) {
        long generation = uc.generation.get();
        Settings now = settings;
        // The plan may predate a refresh that emptied LOCAL (a Uni is subscribed any time after the call): the
        // generation read above missed that refresh's move only if the settings read now are still the plan's.
        int tiers = Tiers.has(plan.tiers(), CacheLayer.LOCAL) && plan.snapshot().localSwitchedOff(now, uc.index)
                ? Tiers.without(plan.tiers(), CacheLayer.LOCAL)
                : plan.tiers();
        return readThrough.fillAsync(uc, plan.key(), plan.settings(), tiers, generation,
                now.fallbackTimeoutNanos(uc.index), now.methodTimeoutNanos(uc.index), chain, method);
    }

    @SuppressWarnings("unchecked")
    private static <C> Uni<Object> proceedUni(Object[] params, C context, Invoker<C> invoker) {
        try {
            return (Uni<Object>) invoker.proceed(context, params);
        } catch (Throwable t) {
            return Uni.createFrom().failure(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> CompletionStage<Object> proceedStage(Object[] params, C context, Invoker<C> invoker)
            throws Exception {
        return (CompletionStage<Object>) invoker.proceed(context, params);
    }

    // ---- the engine's API: invalidation, settings, what it holds -------------------------------------------

    /** Whether a cached method called here would use the cache. */
    public boolean isEnabled() {
        return settings.enabled() && Scopes.isEnabled();
    }

    /**
     * Invalidates the entity everywhere: this process's LOCAL entries at once, REMOTE through the watermark, the
     * other processes' LOCAL entries through the invalidation channel. A REMOTE failure is logged, not thrown.
     */
    public Uni<Void> invalidate(String keyType, Object id, Duration futureBuffer) {
        return invalidations.invalidate(keyType, id, futureBuffer);
    }

    /**
     * {@link #invalidate(String, Object, Duration)} for an operator (the Dev UI), with no future buffer: a watermark
     * that Redis did not take fails the {@code Uni} (an open breaker too) instead of being logged.
     */
    public Uni<Void> invalidateOrFail(String keyType, String idString) {
        return invalidations.invalidateOrFail(keyType, idString);
    }

    /** Drops this process's LOCAL entries of an entity, as an invalidation message from another process does. */
    public void dropLocal(String keyType, String idString, long futureBufferMillis) {
        invalidations.dropLocal(keyType, idString, futureBufferMillis);
    }

    /** Deletes one entry from both tiers, named by its use case, id and arguments' key strings. */
    public Uni<Void> delete(String useCase, Object id, Map<String, String> args) {
        UseCase uc = requireUseCase(useCase);
        return invalidations.delete(uc, KeyStrings.render(id), uc.argumentStrings(args));
    }

    /** Drops LOCAL entries of one entity that {@code which} accepts, as {@link #delete} does (for the Dev UI). */
    void deleteLocal(UseCase uc, String idString, Predicate<Object> which) {
        invalidations.deleteLocal(uc, idString, which);
    }

    /** Empties both tiers of GCache's own entries: LOCAL, and in Redis every key under the prefix. */
    public Uni<Long> flush() {
        return invalidations.flush();
    }

    /**
     * Re-reads the dynamic configuration from the config sources. A LOCAL tier that stops serving (the global switch,
     * its TTL or ramp set to 0, a config error) is emptied at once, so that it serves nothing from before when it is
     * switched back on (SPEC §6): the data behind a killed cache may be what the operator is stopping.
     */
    public void refreshSettings(Config config) {
        // One refresh at a time (housekeeping, the Dev UI, start-up), so that no switch-off goes unseen between them.
        synchronized (refreshLock) {
            Settings previous = settings;
            Settings next = settingsReader.read(config);
            settings = next;
            for (UseCase uc : useCases) {
                if (previous.localSwitchedOff(next, uc.index)) {
                    invalidations.switchedOff(uc);
                }
            }
        }
    }

    public UseCase useCase(String name) {
        return byName.get(name);
    }

    private UseCase requireUseCase(String name) {
        UseCase uc = byName.get(name);
        if (uc == null) {
            throw new IllegalArgumentException("No use case " + name + "; the declared ones are " + byName.keySet());
        }
        return uc;
    }

    public List<UseCase> useCases() {
        return List.of(useCases);
    }

    public Settings settings() {
        return settings;
    }

    public String keyPrefix() {
        return keyspace.prefix();
    }

    public int maxKeyLength() {
        return keyspace.maxKeyLength();
    }

    /** Where every Redis key, channel and pattern of this application is built and parsed. */
    public Keyspace keyspace() {
        return keyspace;
    }

    /** The entries the tiers hold, for an operator (the Dev UI): list, inspect, delete. */
    public CacheEntries entries() {
        return entries;
    }

    /** The Redis client, or {@code null} when the application runs LOCAL only (read by the Dev UI). */
    public RedisGateway remote() {
        return remote == null ? null : remote.gateway();
    }

    /** What the engine reports its calls to (read by the Dev UI). */
    public GCacheMetrics metrics() {
        return metrics;
    }

    /** The flights running now, per use case ({@link FlightCensus}): for {@code GCache.inFlight()} and the Dev UI. */
    public GCacheFlights inFlight() {
        return FlightCensus.take(useCases);
    }

    /** Whether REMOTE is configured for this application. */
    public boolean hasRemote() {
        return remote != null;
    }

    /** Whether the invalidation subscription is live (always {@code true} without REMOTE). */
    public boolean invalidationsLive() {
        return subscriber == null || subscriber.live();
    }
}
