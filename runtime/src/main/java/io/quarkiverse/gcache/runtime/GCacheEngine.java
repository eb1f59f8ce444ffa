package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheKeyConfig;
import io.quarkiverse.gcache.runtime.GCacheMetrics.DisabledReason;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.Settings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.config.SettingsReader;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkiverse.gcache.runtime.key.UrnBuilder;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.quarkiverse.gcache.runtime.tier.LocalTier;
import io.quarkiverse.gcache.runtime.remote.Envelope;
import io.quarkiverse.gcache.runtime.remote.InvalidationSubscriber;
import io.quarkiverse.gcache.runtime.remote.PayloadCodec;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.quarkiverse.gcache.runtime.remote.RemoteRead;
import io.quarkiverse.gcache.runtime.remote.RemoteSetup;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The read path of SPEC §4, in one place: is caching enabled here, what the use case's layers say, the LOCAL
 * layer, one fill per key, the REMOTE layer (one round trip for value, watermark and Redis time), and the method
 * itself. It knows nothing of CDI: a method's {@link GCacheCallSite} hands its calls to it, and tests and
 * benchmarks can drive it directly.
 * <p>
 * A LOCAL hit reads one volatile snapshot and one thread-local, takes the key parts from the parameters and
 * looks them up in Caffeine: no URN, no lambda, and for a use case keyed by a string id alone no allocation.
 * Every failure of the cache itself is logged (rate-limited) and the method runs: the caller only ever sees
 * the method's own result or exception.
 * <p>
 * Over 400 lines, knowingly: it still holds the fill protocol, the REMOTE envelope and invalidation beside the
 * decision. The tier-chain issue splits it into {@code Fill}, {@code Invalidations} and the tiers; the defect fixes
 * landed here first so that their regression tests guard that reshaping.
 */
public final class GCacheEngine {

    private static final Logger LOG = Logger.getLogger(GCacheEngine.class);
    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    /** What a REMOTE read gives when it has no fresh value. */
    private static final Object MISS = new Object();
    /** How often LOCAL entries that expired unread are freed (a read drops an expired entry at once). */
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(10);
    /** Longer future buffers are cut to this, so that a deadline never overflows the nano clock (about 73 years). */
    private static final long MAX_BUFFER_NANOS = Long.MAX_VALUE / 4;
    /** Longer future buffers are cut to this (100 years): Redis and its Lua numbers take it exactly. */
    static final long MAX_BUFFER_MILLIS = Duration.ofDays(36_525).toMillis();
    private static final UseCaseSettings CONFIG_ERROR = new UseCaseSettings(LayerSettings.CONFIG_ERROR,
            LayerSettings.CONFIG_ERROR);

    private final UseCase[] useCases;
    private final Map<String, UseCase> byName = new HashMap<>();
    private final Map<String, List<UseCase>> trackedByKeyType = new HashMap<>();
    private final Map<String, AtomicLong> keyTypeInvalidations = new HashMap<>();
    /**
     * Per tracked key type: entity id → the {@link System#nanoTime()} until which LOCAL must not be filled, because an
     * invalidation's future buffer runs (this process's own, or another's, learnt from its message). A fill that read
     * REMOTE sees the future watermark itself; this covers every fill that did not.
     */
    private final Map<String, ConcurrentHashMap<String, Long>> futureBuffers = new HashMap<>();
    private final SettingsReader settingsReader;
    private final GCacheMetrics metrics;
    private final RateLimitedLog log;
    private final BooleanSupplier blockingAllowed;
    private final String keyPrefix;
    private final int maxKeyLength;
    private final RedisGateway remote;
    private final PayloadCodec[] codecs;
    private final long maxValueSize;
    private final long watermarkTtlMillis;
    private final String channel;
    private final InvalidationSubscriber subscriber;
    private final GCacheConfigProvider provider;
    private final boolean timed;
    private volatile Settings settings;
    private final Object refreshLock = new Object();
    /** The fill each blocked follower waits for, to notice a thread that would wait for itself through others. */
    private final Map<Thread, Fill> waiting = new ConcurrentHashMap<>();
    private ScheduledExecutorService refresher;

    /**
     * @param localMaxSize the most LOCAL entries of each use case
     * @param remote REMOTE's setup, or {@code null} to run LOCAL only
     * @param provider the application's {@link GCacheConfigProvider}, or {@code null}
     * @param instantiate gives an instance of a generated property reader or an adapter class, by name
     * @param blockingAllowed whether this thread may block (wait for a fill or for Redis): not on an event loop
     */
    public GCacheEngine(List<UseCaseSpec> specs, String keyPrefix, int maxKeyLength,
            ToLongFunction<UseCaseSpec> localMaxSize, Config config, RemoteSetup remote, GCacheConfigProvider provider,
            Function<String, Object> instantiate, BooleanSupplier blockingAllowed, GCacheMetrics metrics) {
        this.keyPrefix = keyPrefix;
        this.maxKeyLength = maxKeyLength;
        this.metrics = metrics;
        this.timed = metrics.timed();
        this.provider = provider;
        this.blockingAllowed = blockingAllowed;
        this.log = new RateLimitedLog(1, TimeUnit.MINUTES);
        this.useCases = new UseCase[specs.size()];
        for (int i = 0; i < useCases.length; i++) {
            UseCaseSpec spec = specs.get(i);
            KeyPart[] args = new KeyPart[spec.getArgs().size()];
            for (int a = 0; a < args.length; a++) {
                args[a] = keyPart(spec.getArgs().get(a), instantiate);
            }
            AtomicLong invalidations = spec.isTracked()
                    ? keyTypeInvalidations.computeIfAbsent(spec.getKeyType(), k -> new AtomicLong())
                    : new AtomicLong();
            if (spec.isTracked()) {
                futureBuffers.computeIfAbsent(spec.getKeyType(), k -> new ConcurrentHashMap<>());
            }
            // The tail of a large entity drop runs on Mutiny's worker pool (Quarkus's), looked up when it is needed.
            UseCase uc = new UseCase(i, spec, keyPart(spec.getId(), instantiate), args,
                    new LocalTier(localMaxSize.applyAsLong(spec), args.length > 0,
                            r -> Infrastructure.getDefaultWorkerPool().execute(r)),
                    invalidations);
            useCases[i] = uc;
            byName.put(spec.getUseCase(), uc);
            if (spec.isTracked()) {
                trackedByKeyType.computeIfAbsent(spec.getKeyType(), k -> new ArrayList<>()).add(uc);
            }
        }
        this.settingsReader = new SettingsReader(specs, log);
        this.settings = settingsReader.read(config);
        this.channel = keyPrefix + ":invalidations";
        if (remote == null) {
            this.remote = null;
            this.codecs = null;
            this.maxValueSize = 0;
            this.watermarkTtlMillis = 0;
            this.subscriber = null;
        } else {
            this.remote = remote.layer();
            this.codecs = new PayloadCodec[useCases.length];
            for (UseCase uc : useCases) {
                codecs[uc.index] = remote.codecs().apply(uc.spec);
            }
            this.maxValueSize = remote.maxValueSize();
            this.watermarkTtlMillis = remote.watermarkTtlMillis();
            this.subscriber = new InvalidationSubscriber(remote.layer().redis(), channel, new SubscriptionListener(),
                    remote.subscriptionPingInterval(), remote.subscriptionPingTimeout());
            warnAboutWatermarkTtl();
        }
    }

    @SuppressWarnings("unchecked")
    private static KeyPart keyPart(KeyPartSpec spec, Function<String, Object> instantiate) {
        PropertyReader reader = spec.getReaderClass() == null ? null
                : (PropertyReader) instantiate.apply(spec.getReaderClass());
        GCacheKeyAdapter<Object> adapter = spec.getAdapterClass() == null ? null
                : (GCacheKeyAdapter<Object>) instantiate.apply(spec.getAdapterClass());
        return new KeyPart(spec.getName(), spec.getPosition(), reader, adapter, spec.isValueKey());
    }

    private void warnAboutWatermarkTtl() {
        for (UseCase uc : useCases) {
            long remoteTtlMillis = settings.useCase(uc.index).remote().ttlNanos() / 1_000_000;
            if (uc.tracked() && remoteTtlMillis > watermarkTtlMillis) {
                LOG.warnf("Use case %s asks for REMOTE entries of %d ms, longer than quarkus.gcache.watermark-ttl (%d ms): "
                        + "its entries are kept %d ms, so that none outlives the watermark that would invalidate it. "
                        + "Raise the watermark TTL or lower the use case's remote ttl.", uc.name(), remoteTtlMillis,
                        watermarkTtlMillis, watermarkTtlMillis);
            }
        }
    }

    /** Starts listening for invalidations from other processes (REMOTE only). */
    public void start() {
        if (subscriber != null) {
            if (!remote.warmUp(Duration.ofSeconds(2))) {
                LOG.warn("Redis does not answer yet: GCache serves without REMOTE until it does");
            }
            subscriber.start();
        }
    }

    /**
     * Starts the housekeeping thread (a daemon): it re-reads the dynamic configuration every {@code refreshPeriod},
     * after {@code beforeEach} (which may refresh a config source, e.g. the Redis hash), unless the period is zero,
     * and frees the LOCAL entries that expired unread every {@link #SWEEP_PERIOD}.
     */
    public synchronized void startHousekeeping(Duration refreshPeriod, Supplier<Config> config, Runnable beforeEach) {
        if (refresher != null) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gcache-housekeeping");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::sweepLocal, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        if (refreshPeriod.isZero() || refreshPeriod.isNegative()) {
            return;
        }
        refresher.scheduleWithFixedDelay(() -> {
            try {
                beforeEach.run();
                refreshSettings(config.get());
            } catch (RuntimeException e) {
                log.warn("refresh", e, "Re-reading GCache's configuration failed; the previous one stays in force");
            }
        }, refreshPeriod.toMillis(), refreshPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Frees every use case's expired LOCAL entries, and forgets the future buffers that have passed. */
    void sweepLocal() {
        for (UseCase uc : useCases) {
            uc.local.sweep();
        }
        long now = System.nanoTime();
        for (ConcurrentHashMap<String, Long> buffers : futureBuffers.values()) {
            buffers.values().removeIf(until -> now - until >= 0);
        }
    }

    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    // ---- the read path -------------------------------------------------------------------------------------

    /** A call of a method that returns its value. */
    public <C> Object call(UseCase uc, Object[] params, C context, Invoker<C> invoker) throws Exception {
        // Read before the settings: a refresh that empties LOCAL after they were read moves it (see keep()).
        long generation = uc.invalidations.get();
        UseCaseSettings s = enabledSettings(uc);
        if (s == null) {
            return invoker.proceed(context, params);
        }
        int layers;
        Object key;
        if (provider == null) {
            layers = layers(uc, s);
            key = layers == 0 ? null : localKey(uc, params);
        } else {
            key = localKey(uc, params);
            s = key == null ? s : providerSettings(uc, key, s);
            layers = key == null ? 0 : layers(uc, s);
        }
        if (key == null || layers == 0) {
            return invoker.proceed(context, params);
        }
        if ((layers & LOCAL) != 0) {
            LocalEntry hit = localGet(uc, key, s);
            if (hit != null) {
                return hit.value();
            }
        }
        return fill(uc, key, s, layers, generation, params, context, invoker);
    }

    /** A call of a method that returns a {@code Uni}: the lookup happens when the {@code Uni} is subscribed. */
    public <C> Uni<Object> callUni(UseCase uc, Object[] params, C context, Invoker<C> invoker) {
        // Whether to cache, and the key, are decided now: the scope and the arguments are those of the call.
        AsyncPlan plan = asyncPlan(uc, params);
        if (plan == null) {
            return proceedUni(params, context, invoker);
        }
        // The subscription's Mutiny context tells whether it runs inside a fill of this key (a Uni that retries itself).
        return Uni.createFrom().context(chain -> {
            if ((plan.layers & LOCAL) != 0) {
                LocalEntry hit = localGet(uc, plan.key, plan.settings);
                if (hit != null) {
                    return Uni.createFrom().item(hit.value());
                }
            }
            return fillAsync(uc, plan, chain,
                    () -> proceedUni(params, context, invoker));
        });
    }

    /** A call of a method that returns a {@code CompletionStage}. */
    public <C> CompletionStage<Object> callStage(UseCase uc, Object[] params, C context, Invoker<C> invoker)
            throws Exception {
        AsyncPlan plan = asyncPlan(uc, params);
        if (plan == null) {
            return proceedStage(params, context, invoker);
        }
        if ((plan.layers & LOCAL) != 0) {
            LocalEntry hit = localGet(uc, plan.key, plan.settings);
            if (hit != null) {
                return CompletableFuture.completedFuture(hit.value());
            }
        }
        return fillAsync(uc, plan, null, () -> {
            try {
                return Uni.createFrom().completionStage(proceedStage(params, context, invoker));
            } catch (Throwable t) {
                return Uni.createFrom().failure(t);
            }
        }).subscribeAsCompletionStage();
    }

    /** What a {@code Uni} or {@code CompletionStage} call uses: its key, settings and layers. */
    private record AsyncPlan(Object key, UseCaseSettings settings, int layers, Settings snapshot) {
    }

    /**
     * The same decision as {@link #call}, taken when the method is called, in the same order (the layers before the
     * key unless a provider needs the key); {@code null} when the call does not use the cache. An async call
     * allocates anyway, so the decision is an object here rather than inlined as on the sync hot path.
     */
    private AsyncPlan asyncPlan(UseCase uc, Object[] params) {
        Settings snapshot = settings; // read before the use case's settings (see fillAsync)
        UseCaseSettings s = enabledSettings(uc);
        if (s == null) {
            return null;
        }
        int layers;
        Object key;
        if (provider == null) {
            layers = layers(uc, s);
            key = layers == 0 ? null : localKey(uc, params);
        } else {
            key = localKey(uc, params);
            s = key == null ? s : providerSettings(uc, key, s);
            layers = key == null ? 0 : layers(uc, s);
        }
        return key == null || layers == 0 ? null : new AsyncPlan(key, s, layers, snapshot);
    }

    /** The use case's settings when caching is enabled here, else {@code null} (counted). */
    private UseCaseSettings enabledSettings(UseCase uc) {
        Settings current = settings;
        if (!current.enabled() || !Scopes.isEnabled()) {
            metrics.disabled(uc, CacheLayer.GLOBAL, current.enabled() ? DisabledReason.CONTEXT : DisabledReason.RAMPED_DOWN);
            return null;
        }
        return current.useCase(uc.index);
    }

    /** The LOCAL entry if it is fresh under its own TTL and the TTL in force for this call ({@code s}). */
    private LocalEntry localGet(UseCase uc, Object key, UseCaseSettings s) {
        metrics.request(uc, CacheLayer.LOCAL);
        long start = timed ? System.nanoTime() : 0;
        LocalEntry hit = uc.local.get(key, s.local().ttlNanos());
        if (timed) {
            metrics.getTime(uc, CacheLayer.LOCAL, System.nanoTime() - start);
        }
        if (hit == null) {
            metrics.miss(uc, CacheLayer.LOCAL);
        }
        return hit;
    }

    /** The provider's settings for this call, over the properties; a failing provider turns both layers off. */
    private UseCaseSettings providerSettings(UseCase uc, Object key, UseCaseSettings properties) {
        Optional<GCacheKeyConfig> answer;
        try {
            answer = provider.config(new CallKey(uc, key, keyPrefix, maxKeyLength));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // a sneaky checked exception or an Error of the provider's own: the call runs uncached
            metrics.error(uc, CacheLayer.GLOBAL, e, false);
            log.warn("provider:" + uc.name(), e, "GCacheConfigProvider failed for use case %s; the call runs uncached",
                    uc.name());
            return CONFIG_ERROR;
        }
        if (answer == null || answer.isEmpty()) {
            return properties;
        }
        return new UseCaseSettings(providerLayer(uc, answer.get(), CacheLayer.LOCAL, properties.local()),
                providerLayer(uc, answer.get(), CacheLayer.REMOTE, properties.remote()));
    }

    private LayerSettings providerLayer(UseCase uc, GCacheKeyConfig config, CacheLayer layer, LayerSettings fallback) {
        GCacheKeyConfig.Layer answer = config.layer(layer).orElse(null);
        if (answer == null) {
            return fallback;
        }
        if (answer.ttl() == null || answer.ttl().isNegative() || answer.ramp() < 0 || answer.ramp() > 100) {
            log.warn("provider-value:" + uc.name(), "GCacheConfigProvider answered ttl=%s ramp=%d for the %s layer of "
                    + "use case %s; the layer is off for the call", answer.ttl(), answer.ramp(), layer, uc.name());
            return LayerSettings.CONFIG_ERROR;
        }
        return new LayerSettings(answer.ttl().toNanos(), answer.ramp(), false);
    }

    /** Which layers serve this call (a bit each), counting why the others do not. */
    private int layers(UseCase uc, UseCaseSettings s) {
        int layers = 0;
        LayerSettings local = s.local();
        if (!local.isOn()) {
            metrics.disabled(uc, CacheLayer.LOCAL, offReason(local));
        } else if (!local.drawRamp()) {
            metrics.disabled(uc, CacheLayer.LOCAL, DisabledReason.RAMPED_DOWN);
        } else if (uc.tracked() && subscriber != null && !subscriber.live()) {
            // Without the invalidation channel LOCAL could serve what another process invalidated.
            metrics.disabled(uc, CacheLayer.LOCAL, DisabledReason.SERVER_DOWN);
        } else {
            layers = LOCAL;
        }
        if (remote != null) {
            LayerSettings r = s.remote();
            if (!r.isOn()) {
                metrics.disabled(uc, CacheLayer.REMOTE, offReason(r));
            } else if (!r.drawRamp()) {
                metrics.disabled(uc, CacheLayer.REMOTE, DisabledReason.RAMPED_DOWN);
            } else {
                layers |= REMOTE; // the breaker is asked only when REMOTE is about to be read (remoteAvailable)
            }
        }
        return layers;
    }

    private Object localKey(UseCase uc, Object[] params) {
        try {
            return uc.localKey(params);
        } catch (VirtualMachineError e) {
            throw e; // out of memory, stack overflow: the JVM's state, not a key that cannot be built
        } catch (Throwable e) {
            // A getter or an adapter may throw anything, a checked exception included (javac does not see it through
            // the generated reader): it is the key's fault, never the caller's (SPEC §9).
            metrics.error(uc, CacheLayer.GLOBAL, e, false);
            log.warn("key:" + uc.name(), "Use case %s runs uncached: its key cannot be built (%s)", uc.name(),
                    e.toString());
            return null;
        }
    }

    private static DisabledReason offReason(LayerSettings layer) {
        if (layer.configError()) {
            return DisabledReason.CONFIG_ERROR;
        }
        return layer.ttlNanos() <= 0 ? DisabledReason.MISSING_CONFIG : DisabledReason.RAMPED_DOWN;
    }

    // ---- one fill per key ----------------------------------------------------------------------------------

    /** @param invalidations the use case's invalidation generation, read before the settings {@code s} were */
    private <C> Object fill(UseCase uc, Object key, UseCaseSettings s, int layers, long invalidations, Object[] params,
            C context, Invoker<C> invoker)
            throws Exception {
        Fill mine = new Fill(Thread.currentThread(), settings.fallbackTimeoutNanos(uc.index));
        Fill running;
        while ((running = uc.fills.putIfAbsent(key, mine)) != null) {
            if (!running.overdue()) {
                return awaitFill(uc, key, running, params, context, invoker);
            }
            uc.fills.remove(key, running); // stuck past its deadline: a new call leads a fill of its own
        }
        try {
            // a fill may have just ended
            LocalEntry hit = (layers & LOCAL) != 0 ? uc.local.get(key, s.local().ttlNanos()) : null;
            if (hit != null) {
                mine.complete(hit.value());
                return hit.value();
            }
            long startedAt = System.currentTimeMillis();
            String urn = null;
            RemoteRead read = null;
            boolean readsRemote = (layers & REMOTE) != 0 && blockingAllowed.getAsBoolean() && remoteAvailable(uc);
            if (readsRemote) {
                urn = uc.urn(key, keyPrefix, maxKeyLength);
                read = readNow(uc, urn, key);
                Object value = read == null ? MISS : decode(uc, read);
                if (value != MISS) {
                    keep(uc, key, s, layers, value, invalidations, startedAt, read);
                    mine.complete(value);
                    return value;
                }
            }
            Object value;
            long start = timed ? System.nanoTime() : 0;
            try {
                value = invoker.proceed(context, params);
            } catch (Throwable t) {
                mine.completeExceptionally(t);
                throw t;
            } finally {
                if (timed) {
                    metrics.fallbackTime(uc, missedLayer(layers, readsRemote), System.nanoTime() - start);
                }
            }
            // From here on the method's result is the answer, whatever the cache's own work does with it.
            try {
                if (read != null) {
                    awaitWrite(writeRemote(uc, s, urn, read, value));
                }
                keep(uc, key, s, layers, value, invalidations, startedAt, read);
            } catch (RuntimeException e) {
                keptFailed(uc, e);
            } finally {
                mine.complete(value);
            }
            return value;
        } finally {
            // Whatever ended the leader before the method ran (an Error, say), nobody may keep waiting for it.
            mine.completeExceptionally(FillAbandoned.INSTANCE);
            uc.fills.remove(key, mine);
        }
    }

    private void keptFailed(UseCase uc, RuntimeException e) {
        metrics.error(uc, CacheLayer.GLOBAL, e, true);
        log.warn("after:" + uc.name(), "Use case %s: storing the method's result failed (%s); the caller gets it "
                + "anyway", uc.name(), e.toString());
    }

    /** REMOTE's answer on this thread, or {@code null} when it failed (logged and counted). */
    private RemoteRead readNow(UseCase uc, String urn, Object key) {
        long start = timed ? System.nanoTime() : 0;
        try {
            return remote.readNow(urn, watermarkKeyOf(uc, key));
        } catch (RuntimeException e) {
            remoteFailed(uc, "read", e);
            return null;
        } finally {
            if (timed) {
                metrics.getTime(uc, CacheLayer.REMOTE, System.nanoTime() - start);
            }
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

    /**
     * Waits for another caller's fill, at most until its deadline (SPEC §11), and runs the method itself instead
     * when it may not block, when the fill was given up, when the deadline passes, or when the fill is its own: the
     * fill's leader is this thread (a method that calls itself for the same key), or waits, directly or through other
     * fills, for a fill this thread leads (two methods that call each other).
     */
    private <C> Object awaitFill(UseCase uc, Object key, Fill running, Object[] params, C context, Invoker<C> invoker)
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
            uc.fills.remove(key, running); // callers that come later lead a fill of their own
            log.warn("deadline:" + uc.name(), "Use case %s: a call waited the fallback-timeout for another call of the "
                    + "same key and runs the method itself", uc.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.remove(me);
        }
        return invoker.proceed(context, params);
    }

    /** Whether following the leaders of the fills waited on from {@code fill} comes back to {@code me}. */
    private boolean waitsOnItself(Fill fill, Thread me) {
        Fill f = fill;
        for (int hops = 0; f != null && hops < 100; hops++) {
            if (f.leader == me) {
                return true;
            }
            f = f.leader == null ? null : waiting.get(f.leader);
        }
        return false;
    }

    /**
     * The fill of a {@code Uni} or {@code CompletionStage} method: REMOTE first, then the method, never blocking a
     * thread that may not block. The method is invoked on the caller's context, as it would be uncached: on the
     * caller's own thread when that thread may block (REMOTE is then read on it, as for a plain method), else back on
     * the caller's Vert.x context after REMOTE answered.
     *
     * @param chain the Mutiny context of the subscription (for a {@code Uni}), which tells the fills it runs inside
     */
    private Uni<Object> fillAsync(UseCase uc, AsyncPlan plan, Context chain, Supplier<Uni<Object>> measuredMethod) {
        Object key = plan.key;
        UseCaseSettings s = plan.settings;
        long invalidations = uc.invalidations.get();
        // The plan may predate a refresh that emptied LOCAL (a Uni is subscribed any time after the call): the
        // generation read above missed that refresh's move only if the settings read now are still the plan's.
        int layers = (plan.layers & LOCAL) != 0 && localSwitchedOff(plan.snapshot, settings, uc)
                ? plan.layers & ~LOCAL
                : plan.layers;
        Supplier<Uni<Object>> method = timed ? () -> timedFallback(uc, missedLayer(layers, false), measuredMethod)
                : measuredMethod;
        boolean mayBlock = blockingAllowed.getAsBoolean();
        Executor caller = CallerContext.capture(mayBlock);
        Fill mine = new Fill(null, settings.fallbackTimeoutNanos(uc.index));
        Fill running;
        while ((running = uc.fills.putIfAbsent(key, mine)) != null) {
            if (FillChain.inside(chain, running)) {
                return Uni.createFrom().deferred(method::get); // waited on from inside itself: run uncached
            }
            if (!running.overdue()) {
                return follow(uc, key, running, caller, method);
            }
            uc.fills.remove(key, running);
        }
        LocalEntry hit = (layers & LOCAL) != 0 ? uc.local.get(key, s.local().ttlNanos()) : null;
        if (hit != null) {
            mine.complete(hit.value());
            uc.fills.remove(key, mine);
            return Uni.createFrom().item(hit.value());
        }
        long startedAt = System.currentTimeMillis();
        RemoteRead[] remoteRead = new RemoteRead[1]; // what REMOTE said, for keep()
        boolean readsRemote = (layers & REMOTE) != 0 && remoteAvailable(uc);
        Supplier<Uni<Object>> leaderMethod = timed && readsRemote
                ? () -> timedFallback(uc, CacheLayer.REMOTE, measuredMethod)
                : method;
        Supplier<Uni<Object>> inChain = () -> FillChain.within(leaderMethod, mine);
        Uni<Object> filled;
        if (readsRemote) {
            String urn = uc.urn(key, keyPrefix, maxKeyLength);
            Function<RemoteRead, Uni<Object>> afterRead = read -> {
                remoteRead[0] = read;
                Object value = read == null ? MISS : decode(uc, read);
                if (value != MISS) {
                    return Uni.createFrom().item(value);
                }
                Uni<Object> computed = inChain.get();
                return read == null ? computed : computed.call(v -> writeRemote(uc, s, urn, read, v));
            };
            if (mayBlock) {
                filled = Uni.createFrom().deferred(() -> afterRead.apply(readNow(uc, urn, key)));
            } else {
                long[] start = { 0 };
                Uni<RemoteRead> read = remote.read(urn, watermarkKeyOf(uc, key))
                        .onSubscription().invoke(() -> start[0] = timed ? System.nanoTime() : 0)
                        .onTermination().invoke(() -> {
                            if (timed) {
                                metrics.getTime(uc, CacheLayer.REMOTE, System.nanoTime() - start[0]);
                            }
                        })
                        .onFailure().recoverWithItem(e -> {
                            remoteFailed(uc, "read", e);
                            return null;
                        });
                // Redis answers on its own event loop (a timeout on a timer thread): back to the caller's context.
                filled = (caller == null ? read : read.emitOn(caller)).chain(afterRead::apply);
            }
        } else {
            filled = inChain.get();
        }
        return filled
                .onItemOrFailure().invoke((value, failure) -> {
                    if (failure != null) {
                        mine.completeExceptionally(failure);
                        uc.fills.remove(key, mine);
                        return;
                    }
                    try {
                        keep(uc, key, s, layers, value, invalidations, startedAt, remoteRead[0]);
                    } catch (RuntimeException e) { // the method's result is the answer, as in fill()
                        keptFailed(uc, e);
                    } finally {
                        mine.complete(value);
                        uc.fills.remove(key, mine);
                    }
                })
                .onCancellation().invoke(() -> {
                    mine.completeExceptionally(FillAbandoned.INSTANCE);
                    uc.fills.remove(key, mine);
                });
    }

    /**
     * An asynchronous follower: the leader's result, or the method's own run on the caller's context when the fill
     * is given up or its deadline passes. Cancelling it detaches it from the fill.
     */
    private Uni<Object> follow(UseCase uc, Object key, Fill running, Executor caller, Supplier<Uni<Object>> method) {
        Uni<Object> ownRun = Uni.createFrom().deferred(method::get);
        Uni<Object> onCaller = caller == null ? ownRun : ownRun.runSubscriptionOn(caller);
        return running.follow()
                .onFailure(Fill.Overdue.class).recoverWithUni(() -> {
                    uc.fills.remove(key, running); // callers that come later lead a fill of their own
                    log.warn("deadline:" + uc.name(), "Use case %s: a call waited the fallback-timeout for another call "
                            + "of the same key and runs the method itself", uc.name());
                    return onCaller;
                })
                .onFailure(FillAbandoned.class).recoverWithUni(() -> onCaller);
    }

    private Uni<Object> timedFallback(UseCase uc, CacheLayer missed, Supplier<Uni<Object>> method) {
        long[] start = { 0 };
        return method.get()
                .onSubscription().invoke(() -> start[0] = System.nanoTime())
                .onTermination().invoke(() -> metrics.fallbackTime(uc, missed, System.nanoTime() - start[0]));
    }

    /**
     * The layer whose miss sent the call to the method: LOCAL when it was looked up and REMOTE was not read (skipped
     * on an event loop or by an open breaker), else REMOTE (the only layer the call had, read or skipped).
     */
    private static CacheLayer missedLayer(int layers, boolean readRemote) {
        return readRemote || (layers & LOCAL) == 0 ? CacheLayer.REMOTE : CacheLayer.LOCAL;
    }

    /**
     * Writes a fill's result to LOCAL, unless an invalidation landed while it was computed or an invalidation's future
     * buffer runs for the entity: during the buffer whatever is read may be stale, in LOCAL as in REMOTE. REMOTE's
     * read shows the buffer as a watermark in the future; a fill that did not read REMOTE (REMOTE ramped down or off,
     * a sync call on an event loop, an open breaker, a failed read, no Redis) asks {@link #inFutureBuffer}.
     */
    private void keep(UseCase uc, Object key, UseCaseSettings s, int layers, Object value, long invalidationsAtStart,
            long createdAt, RemoteRead read) {
        if ((layers & LOCAL) == 0 || (read != null && read.writeBlocked()) || inFutureBuffer(uc, key)) {
            return;
        }
        LayerSettings local = s.local();
        if (!local.isOn() || uc.invalidations.get() != invalidationsAtStart) {
            return; // a stale fill must not even replace, for a moment, what a fresher fill wrote
        }
        LocalEntry entry = new LocalEntry(value, local.ttlNanos(), createdAt);
        uc.local.put(key, entry);
        // Checked before the put, so a fill an invalidation overtook never shows in LOCAL, and again after it:
        // an invalidation moves the counter before it drops entries, so either it drops ours or we see it moved.
        if (uc.invalidations.get() != invalidationsAtStart) {
            uc.local.remove(key, entry);
        }
    }

    /** Whether an invalidation's future buffer runs for the entity of {@code key} (tracked use cases only). */
    private boolean inFutureBuffer(UseCase uc, Object key) {
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

    // ---- REMOTE --------------------------------------------------------------------------------------------

    private String watermarkKeyOf(UseCase uc, Object key) {
        return uc.tracked() ? UrnBuilder.watermarkKey(keyPrefix, uc.keyType(), UseCase.idOf(key)) : null;
    }

    /** Whether the breaker lets this call read REMOTE (asked right before the read: a probe is always used). */
    private boolean remoteAvailable(UseCase uc) {
        if (remote.available()) {
            return true;
        }
        metrics.disabled(uc, CacheLayer.REMOTE, DisabledReason.SERVER_DOWN);
        return false;
    }

    /** The fresh value of a REMOTE read, or {@link #MISS}: absent, older than the watermark, or undecodable. */
    private Object decode(UseCase uc, RemoteRead read) {
        metrics.request(uc, CacheLayer.REMOTE);
        byte[] entry = read.entry();
        if (entry == null) {
            metrics.miss(uc, CacheLayer.REMOTE);
            return MISS;
        }
        try {
            int separator = Envelope.separator(entry);
            long createdAt = Envelope.createdAt(entry, separator);
            if (uc.tracked() && createdAt <= read.watermark()) {
                metrics.miss(uc, CacheLayer.REMOTE);
                return MISS;
            }
            long start = timed ? System.nanoTime() : 0;
            Object value = codecs[uc.index].decode(entry, separator + 1);
            if (timed) {
                metrics.serializationTime(uc, false, System.nanoTime() - start);
            }
            return value;
        } catch (Exception e) {
            // A class changed between deploys, or foreign bytes: a miss, and the method's result overwrites it.
            metrics.miss(uc, CacheLayer.REMOTE);
            metrics.error(uc, CacheLayer.REMOTE, e, false);
            log.warn("decode:" + uc.name(), "Use case %s: a REMOTE entry cannot be read (%s); it is recomputed and "
                    + "overwritten", uc.name(), e.toString());
            return MISS;
        }
    }

    /**
     * Writes the method's result, created when the read started on the Redis clock, unless a watermark forbids.
     * The entry expires at its creation time + TTL, never later than a watermark set after its creation would (see
     * {@link RedisGateway#write}). Completes when Redis has it (so the next call anywhere can hit it); never fails.
     */
    private Uni<Void> writeRemote(UseCase uc, UseCaseSettings s, String urn, RemoteRead read, Object value) {
        if (read.writeBlocked()) {
            return Uni.createFrom().voidItem(); // an invalidation's future buffer is running
        }
        long ttlMillis = s.remote().ttlNanos() / 1_000_000;
        if (ttlMillis <= 0) {
            return Uni.createFrom().voidItem();
        }
        byte[] payload;
        long start = timed ? System.nanoTime() : 0;
        try {
            payload = codecs[uc.index].encode(value);
        } catch (Exception e) {
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
        return remote.write(urn, read.watermarkKey(), entry, read.serverTime(), ttlMillis, watermarkTtlMillis)
                .onFailure().invoke(e -> remoteFailed(uc, "write", e))
                .onFailure().recoverWithNull();
    }

    private void remoteFailed(UseCase uc, String operation, Throwable e) {
        metrics.error(uc, CacheLayer.REMOTE, e, false);
        log.warn("remote:" + operation, "REMOTE %s failed for use case %s (%s); the call goes on without it", operation,
                uc.name(), e.toString());
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

    // ---- invalidation and housekeeping ---------------------------------------------------------------------

    /** Whether a cached method called here would use the cache. */
    public boolean isEnabled() {
        return settings.enabled() && Scopes.isEnabled();
    }

    /**
     * Invalidates the entity everywhere: this process's LOCAL entries at once, REMOTE through the watermark, the
     * other processes' LOCAL entries through the invalidation channel. A REMOTE failure is logged, not thrown.
     */
    public Uni<Void> invalidate(String keyType, Object id, Duration futureBuffer) {
        String idString = KeyStrings.render(id);
        long bufferMillis = bufferMillis(futureBuffer);
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
     * Moves the entity's watermark and announces it on the channel; fails when Redis did not take it. Once Redis has
     * answered, this process's LOCAL entries are dropped again: a fill may have read REMOTE before the watermark
     * moved, and the buffer runs from Redis's answer.
     */
    private Uni<Void> invalidateRemote(String keyType, String idString, long bufferMillis) {
        metrics.invalidation(keyType, CacheLayer.REMOTE);
        return remote.invalidate(UrnBuilder.watermarkKey(keyPrefix, keyType, idString), bufferMillis,
                watermarkTtlMillis, channel, keyType, idString)
                .invoke(() -> dropLocal(keyType, idString, bufferMillis))
                .replaceWithVoid();
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
     * Drops this process's LOCAL entries of the entity in every tracked use case of its key type, and detaches its
     * running fills: they read the old state, so no call that comes after the invalidation may wait for them. With a
     * future buffer, no fill may put the entity in LOCAL until it has passed. The cost is what this process holds of
     * the entity (the LOCAL layers' entity index), so it may run on the event loop that delivers the message.
     */
    public void dropLocal(String keyType, String idString, long futureBufferMillis) {
        AtomicLong invalidations = keyTypeInvalidations.get(keyType);
        if (invalidations == null) {
            return; // no tracked use case has this key type
        }
        if (futureBufferMillis > 0) {
            // Recorded before the generation moves: a fill that sees the new generation also sees the buffer.
            long until = System.nanoTime() + Math.min(TimeUnit.MILLISECONDS.toNanos(futureBufferMillis), MAX_BUFFER_NANOS);
            futureBuffers.get(keyType).merge(idString, until, (a, b) -> a - b >= 0 ? a : b);
        }
        invalidations.incrementAndGet();
        for (UseCase uc : trackedByKeyType.get(keyType)) {
            uc.local.dropEntity(idString);
            uc.detachFills(idString);
        }
    }

    /**
     * Drops every tracked LOCAL entry and detaches every tracked running fill (the invalidation channel was lost:
     * anything may have been missed).
     */
    void dropTrackedLocal() {
        for (Map.Entry<String, List<UseCase>> e : trackedByKeyType.entrySet()) {
            keyTypeInvalidations.get(e.getKey()).incrementAndGet();
            for (UseCase uc : e.getValue()) {
                uc.local.clear();
                uc.fills.clear();
            }
        }
    }

    /** Deletes one entry from both layers, named by its use case, id and arguments' key strings. */
    public Uni<Void> delete(String useCase, Object id, Map<String, String> args) {
        UseCase uc = requireUseCase(useCase);
        String idString = KeyStrings.render(id);
        String[] expected = new String[uc.argNames.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = args.get(uc.argNames[i]); // a null value names a null argument
            if (expected[i] == null && !args.containsKey(uc.argNames[i])) {
                throw new IllegalArgumentException("Use case " + useCase + " is keyed by the arguments "
                        + Arrays.toString(uc.argNames) + "; give each one's key string");
            }
        }
        uc.invalidations.incrementAndGet();
        uc.local.dropEntries(idString, k -> Arrays.equals(uc.argumentStrings(k), expected));
        if (remote == null) {
            return Uni.createFrom().voidItem();
        }
        String urn = UrnBuilder.urn(keyPrefix, uc.keyType(), idString, uc.argNames, expected, uc.name(), uc.tracked(),
                maxKeyLength);
        return remote.delete(urn);
    }

    /** Empties both layers of GCache's own entries: LOCAL, and in Redis every key under the prefix. */
    public Uni<Long> flush() {
        for (UseCase uc : useCases) {
            uc.invalidations.incrementAndGet();
            uc.local.clear();
            uc.fills.clear();
        }
        if (remote == null) {
            return Uni.createFrom().item(0L);
        }
        String glob = globEscape(keyPrefix);
        return remote.flush(List.of("{" + glob + ":*", glob + ":*"), keyPrefix + ":config");
    }

    private static String globEscape(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /**
     * Re-reads the dynamic configuration from the config sources. A LOCAL layer that stops serving (the global switch,
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
                if (localSwitchedOff(previous, next, uc)) {
                    uc.invalidations.incrementAndGet(); // a fill that read the old settings keeps nothing
                    uc.local.clear();
                }
            }
        }
    }

    /**
     * Whether going from {@code before} to {@code now} switches the use case's LOCAL layer off, so that it is emptied:
     * the global switch (which also stops a LOCAL layer a {@link GCacheConfigProvider} turns on per call), or the use
     * case's own LOCAL settings.
     */
    private static boolean localSwitchedOff(Settings before, Settings now, UseCase uc) {
        return before != now && (before.enabled() && !now.enabled() || localServes(before, uc) && !localServes(now, uc));
    }

    /** Whether the snapshot lets the use case's LOCAL layer serve at all (a ramp above 0 serves some calls). */
    private static boolean localServes(Settings s, UseCase uc) {
        return s.enabled() && s.useCase(uc.index).local().isOn();
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
        return keyPrefix;
    }

    public int maxKeyLength() {
        return maxKeyLength;
    }

    /** REMOTE, or {@code null} when the application runs LOCAL only (read by the Dev UI). */
    public RedisGateway remote() {
        return remote;
    }

    /** What the engine reports its calls to (read by the Dev UI). */
    public GCacheMetrics metrics() {
        return metrics;
    }

    /** Whether REMOTE is configured for this application. */
    public boolean hasRemote() {
        return remote != null;
    }

    /**
     * {@link #invalidate(String, Object, Duration)} for an operator (the Dev UI), with no future buffer: this process's
     * LOCAL entries are dropped at once, and a watermark that Redis did not take fails the {@code Uni} (an open breaker
     * too) instead of being logged, so the operator is told that REMOTE and the other processes were not reached.
     */
    public Uni<Void> invalidateOrFail(String keyType, String idString) {
        dropLocal(keyType, idString, 0);
        metrics.invalidation(keyType, CacheLayer.LOCAL);
        if (remote == null) {
            return Uni.createFrom().voidItem();
        }
        if (!remote.available()) {
            return Uni.createFrom().failure(new IllegalStateException("Redis is skipped after repeated failures "
                    + "(the breaker is open)"));
        }
        return invalidateRemote(keyType, idString, 0);
    }

    /** Whether the invalidation subscription is live (always {@code true} without REMOTE). */
    public boolean invalidationsLive() {
        return subscriber == null || subscriber.live();
    }

    /** Reacts to the invalidation channel. */
    private final class SubscriptionListener implements InvalidationSubscriber.Listener {
        @Override
        public void invalidated(String keyType, String id, long futureBufferMillis) {
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
    }
}
