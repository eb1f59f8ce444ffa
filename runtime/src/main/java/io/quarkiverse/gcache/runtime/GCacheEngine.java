package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.runtime.GCacheMetrics.DisabledReason;
import io.quarkiverse.gcache.runtime.GCacheMetrics.Layer;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.Settings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.config.SettingsReader;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkiverse.gcache.runtime.key.UrnBuilder;
import io.quarkiverse.gcache.runtime.local.LocalEntry;
import io.quarkiverse.gcache.runtime.local.LocalLayer;
import io.quarkiverse.gcache.runtime.remote.Envelope;
import io.quarkiverse.gcache.runtime.remote.InvalidationSubscriber;
import io.quarkiverse.gcache.runtime.remote.PayloadCodec;
import io.quarkiverse.gcache.runtime.remote.RemoteLayer;
import io.quarkiverse.gcache.runtime.remote.RemoteRead;
import io.quarkiverse.gcache.runtime.remote.RemoteSetup;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.mutiny.Uni;

/**
 * The read path of SPEC §4, in one place: is caching enabled here, what the use case's layers say, the LOCAL
 * layer, one fill per key, the REMOTE layer (one round trip for value, watermark and Redis time), and the method
 * itself. It knows nothing of CDI: the interceptor adapts a method call
 * to it, and tests and benchmarks can drive it directly.
 * <p>
 * A LOCAL hit reads one volatile snapshot and one thread-local, takes the key parts from the parameters and
 * looks them up in Caffeine: no URN, no lambda, and for a use case keyed by a string id alone no allocation.
 * Every failure of the cache itself is logged (rate-limited) and the method runs: the caller only ever sees
 * the method's own result or exception.
 */
public final class GCacheEngine {

    private static final Logger LOG = Logger.getLogger(GCacheEngine.class);
    private static final int LOCAL = 1;
    private static final int REMOTE = 2;
    /** What a REMOTE read gives when it has no fresh value. */
    private static final Object MISS = new Object();

    private final UseCase[] useCases;
    private final Map<String, UseCase> byName = new HashMap<>();
    private final Map<String, List<UseCase>> trackedByKeyType = new HashMap<>();
    private final Map<String, AtomicLong> keyTypeInvalidations = new HashMap<>();
    private final SettingsReader settingsReader;
    private final GCacheMetrics metrics;
    private final RateLimitedLog log;
    private final BooleanSupplier blockingAllowed;
    private final String keyPrefix;
    private final int maxKeyLength;
    private final RemoteLayer remote;
    private final PayloadCodec[] codecs;
    private final long maxValueSize;
    private final long watermarkTtlMillis;
    private final String channel;
    private final InvalidationSubscriber subscriber;
    private volatile Settings settings;

    /**
     * @param remote REMOTE's setup, or {@code null} to run LOCAL only
     * @param instantiate gives an instance of a generated property reader or an adapter class, by name
     * @param blockingAllowed whether this thread may block (wait for a fill or for Redis): not on an event loop
     */
    public GCacheEngine(List<UseCaseSpec> specs, String keyPrefix, int maxKeyLength, long localMaxSize, Config config,
            RemoteSetup remote, Function<String, Object> instantiate, BooleanSupplier blockingAllowed,
            GCacheMetrics metrics) {
        this.keyPrefix = keyPrefix;
        this.maxKeyLength = maxKeyLength;
        this.metrics = metrics;
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
            UseCase uc = new UseCase(i, spec, keyPart(spec.getId(), instantiate), args,
                    new LocalLayer(localMaxSize, args.length > 0), invalidations);
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
            this.subscriber = new InvalidationSubscriber(remote.layer().redis(), channel, new SubscriptionListener());
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
                LOG.warnf("Use case %s keeps REMOTE entries for %d ms, longer than quarkus.gcache.watermark-ttl (%d ms): "
                        + "an entry may outlive the watermark that invalidated it. Raise the watermark TTL or lower the "
                        + "use case's remote ttl.", uc.name(), remoteTtlMillis, watermarkTtlMillis);
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

    public void stop() {
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    // ---- the read path -------------------------------------------------------------------------------------

    /** A call of a method that returns its value. */
    public <C> Object call(UseCase uc, Object[] params, C context, Invoker<C> invoker) throws Exception {
        int layers = layers(uc);
        if (layers == 0) {
            return invoker.proceed(context);
        }
        Object key = localKey(uc, params);
        if (key == null) {
            return invoker.proceed(context);
        }
        if ((layers & LOCAL) != 0) {
            metrics.request(uc, Layer.LOCAL);
            LocalEntry hit = uc.local.get(key);
            if (hit != null) {
                return hit.value();
            }
            metrics.miss(uc, Layer.LOCAL);
        }
        return fill(uc, key, layers, context, invoker);
    }

    /** A call of a method that returns a {@code Uni}: the lookup happens when the {@code Uni} is subscribed. */
    public <C> Uni<Object> callUni(UseCase uc, Object[] params, C context, Invoker<C> invoker) {
        // Whether to cache, and the key, are decided now: the scope and the arguments are those of the call.
        int layers = layers(uc);
        Object key = layers == 0 ? null : localKey(uc, params);
        if (key == null) {
            return proceedUni(context, invoker);
        }
        return Uni.createFrom().deferred(() -> {
            if ((layers & LOCAL) != 0) {
                metrics.request(uc, Layer.LOCAL);
                LocalEntry hit = uc.local.get(key);
                if (hit != null) {
                    return Uni.createFrom().item(hit.value());
                }
                metrics.miss(uc, Layer.LOCAL);
            }
            return fillAsync(uc, key, layers, () -> proceedUni(context, invoker));
        });
    }

    /** A call of a method that returns a {@code CompletionStage}. */
    public <C> CompletionStage<Object> callStage(UseCase uc, Object[] params, C context, Invoker<C> invoker)
            throws Exception {
        int layers = layers(uc);
        Object key = layers == 0 ? null : localKey(uc, params);
        if (key == null) {
            return proceedStage(context, invoker);
        }
        if ((layers & LOCAL) != 0) {
            metrics.request(uc, Layer.LOCAL);
            LocalEntry hit = uc.local.get(key);
            if (hit != null) {
                return CompletableFuture.completedFuture(hit.value());
            }
            metrics.miss(uc, Layer.LOCAL);
        }
        return fillAsync(uc, key, layers, () -> {
            try {
                return Uni.createFrom().completionStage(proceedStage(context, invoker));
            } catch (Throwable t) {
                return Uni.createFrom().failure(t);
            }
        }).subscribeAsCompletionStage();
    }

    /** Which layers serve this call (a bit each), counting why the others do not. */
    private int layers(UseCase uc) {
        Settings current = settings;
        if (!current.enabled() || !Scopes.isEnabled()) {
            metrics.disabled(uc, Layer.GLOBAL, current.enabled() ? DisabledReason.CONTEXT : DisabledReason.RAMPED_DOWN);
            return 0;
        }
        UseCaseSettings s = current.useCase(uc.index);
        int layers = 0;
        LayerSettings local = s.local();
        if (!local.isOn()) {
            metrics.disabled(uc, Layer.LOCAL, offReason(local));
        } else if (!local.drawRamp()) {
            metrics.disabled(uc, Layer.LOCAL, DisabledReason.RAMPED_DOWN);
        } else if (uc.tracked() && subscriber != null && !subscriber.live()) {
            // Without the invalidation channel LOCAL could serve what another process invalidated.
            metrics.disabled(uc, Layer.LOCAL, DisabledReason.SERVER_DOWN);
        } else {
            layers = LOCAL;
        }
        if (remote != null) {
            LayerSettings r = s.remote();
            if (!r.isOn()) {
                metrics.disabled(uc, Layer.REMOTE, offReason(r));
            } else if (!r.drawRamp()) {
                metrics.disabled(uc, Layer.REMOTE, DisabledReason.RAMPED_DOWN);
            } else if (!remote.available()) {
                metrics.disabled(uc, Layer.REMOTE, DisabledReason.SERVER_DOWN);
            } else {
                layers |= REMOTE;
            }
        }
        return layers;
    }

    private Object localKey(UseCase uc, Object[] params) {
        try {
            return uc.localKey(params);
        } catch (RuntimeException e) {
            metrics.error(uc, Layer.GLOBAL, e, false);
            log.warn("key:" + uc.name(), "Use case %s runs uncached: its key cannot be built (%s)", uc.name(),
                    e.getMessage());
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

    private <C> Object fill(UseCase uc, Object key, int layers, C context, Invoker<C> invoker) throws Exception {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = uc.fills.putIfAbsent(key, mine);
        if (running != null) {
            return awaitFill(running, context, invoker);
        }
        try {
            LocalEntry hit = (layers & LOCAL) != 0 ? uc.local.get(key) : null; // a fill may have just ended
            if (hit != null) {
                mine.complete(hit.value());
                return hit.value();
            }
            long invalidations = uc.invalidations.get();
            long startedAt = System.currentTimeMillis();
            String urn = null;
            RemoteRead read = null;
            if ((layers & REMOTE) != 0 && blockingAllowed.getAsBoolean()) {
                urn = uc.urn(key, keyPrefix, maxKeyLength);
                try {
                    read = remote.read(urn, watermarkKeyOf(uc, key)).await().indefinitely();
                } catch (RuntimeException e) {
                    remoteFailed(uc, "read", e);
                }
                Object value = read == null ? MISS : decode(uc, read);
                if (value != MISS) {
                    keep(uc, key, layers, value, invalidations, startedAt);
                    mine.complete(value);
                    return value;
                }
            }
            Object value;
            try {
                value = invoker.proceed(context);
            } catch (Throwable t) {
                mine.completeExceptionally(t);
                throw t;
            }
            if (read != null) {
                writeRemote(uc, urn, read, value).await().indefinitely();
            }
            keep(uc, key, layers, value, invalidations, startedAt);
            mine.complete(value);
            return value;
        } finally {
            uc.fills.remove(key, mine);
        }
    }

    private <C> Object awaitFill(CompletableFuture<Object> running, C context, Invoker<C> invoker) throws Exception {
        if (!blockingAllowed.getAsBoolean()) {
            return invoker.proceed(context); // never park an event-loop thread on another caller's fill
        }
        try {
            return running.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FillAbandoned) {
                return invoker.proceed(context);
            }
            throw Sneaky.<Exception> rethrow(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return invoker.proceed(context);
        }
    }

    /** The fill of a {@code Uni} or {@code CompletionStage} method: REMOTE first, then the method, never blocking. */
    private Uni<Object> fillAsync(UseCase uc, Object key, int layers, Supplier<Uni<Object>> method) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = uc.fills.putIfAbsent(key, mine);
        if (running != null) {
            return Uni.createFrom().completionStage(running)
                    .onFailure(FillAbandoned.class).recoverWithUni(() -> method.get());
        }
        LocalEntry hit = (layers & LOCAL) != 0 ? uc.local.get(key) : null;
        if (hit != null) {
            mine.complete(hit.value());
            uc.fills.remove(key, mine);
            return Uni.createFrom().item(hit.value());
        }
        long invalidations = uc.invalidations.get();
        long startedAt = System.currentTimeMillis();
        Uni<Object> filled;
        if ((layers & REMOTE) != 0) {
            String urn = uc.urn(key, keyPrefix, maxKeyLength);
            filled = remote.read(urn, watermarkKeyOf(uc, key))
                    .onFailure().recoverWithItem(e -> {
                        remoteFailed(uc, "read", e);
                        return null;
                    })
                    .chain(read -> {
                        Object value = read == null ? MISS : decode(uc, read);
                        if (value != MISS) {
                            return Uni.createFrom().item(value);
                        }
                        Uni<Object> computed = method.get();
                        return read == null ? computed : computed.call(v -> writeRemote(uc, urn, read, v));
                    });
        } else {
            filled = method.get();
        }
        return filled
                .onItemOrFailure().invoke((value, failure) -> {
                    if (failure == null) {
                        keep(uc, key, layers, value, invalidations, startedAt);
                        mine.complete(value);
                    } else {
                        mine.completeExceptionally(failure);
                    }
                    uc.fills.remove(key, mine);
                })
                .onCancellation().invoke(() -> {
                    mine.completeExceptionally(FillAbandoned.INSTANCE);
                    uc.fills.remove(key, mine);
                });
    }

    /** Writes a fill's result to LOCAL, unless an invalidation landed while it was computed. */
    private void keep(UseCase uc, Object key, int layers, Object value, long invalidationsAtStart, long createdAt) {
        if ((layers & LOCAL) == 0) {
            return;
        }
        LayerSettings local = settings.useCase(uc.index).local();
        if (!local.isOn()) {
            return;
        }
        LocalEntry entry = new LocalEntry(value, local.ttlNanos(), createdAt);
        uc.local.put(key, entry);
        // Checked after the put: an invalidation moves the counter before it drops entries, so either it
        // drops ours or we see it moved.
        if (uc.invalidations.get() != invalidationsAtStart) {
            uc.local.remove(key, entry);
        }
    }

    // ---- REMOTE --------------------------------------------------------------------------------------------

    private String watermarkKeyOf(UseCase uc, Object key) {
        return uc.tracked() ? UrnBuilder.watermarkKey(keyPrefix, uc.keyType(), UseCase.idOf(key)) : null;
    }

    /** The fresh value of a REMOTE read, or {@link #MISS}: absent, older than the watermark, or undecodable. */
    private Object decode(UseCase uc, RemoteRead read) {
        metrics.request(uc, Layer.REMOTE);
        byte[] entry = read.entry();
        if (entry == null) {
            metrics.miss(uc, Layer.REMOTE);
            return MISS;
        }
        try {
            int separator = Envelope.separator(entry);
            long createdAt = Envelope.createdAt(entry, separator);
            if (uc.tracked() && createdAt <= read.watermark()) {
                metrics.miss(uc, Layer.REMOTE);
                return MISS;
            }
            return codecs[uc.index].decode(entry, separator + 1);
        } catch (Exception e) {
            // A class changed between deploys, or foreign bytes: a miss, and the method's result overwrites it.
            metrics.miss(uc, Layer.REMOTE);
            metrics.error(uc, Layer.REMOTE, e, false);
            log.warn("decode:" + uc.name(), "Use case %s: a REMOTE entry cannot be read (%s); it is recomputed and "
                    + "overwritten", uc.name(), e.toString());
            return MISS;
        }
    }

    /**
     * Writes the method's result, created when the read started on the Redis clock, unless a watermark forbids.
     * Completes when Redis has it (so the next call anywhere can hit it); never fails.
     */
    private Uni<Void> writeRemote(UseCase uc, String urn, RemoteRead read, Object value) {
        if (read.writeBlocked()) {
            return Uni.createFrom().voidItem(); // an invalidation's future buffer is running
        }
        long ttlMillis = settings.useCase(uc.index).remote().ttlNanos() / 1_000_000;
        if (ttlMillis <= 0) {
            return Uni.createFrom().voidItem();
        }
        byte[] entry;
        try {
            entry = Envelope.wrap(read.serverTime(), codecs[uc.index].encode(value));
        } catch (Exception e) {
            metrics.error(uc, Layer.REMOTE, e, true);
            log.warn("encode:" + uc.name(), "Use case %s: the value cannot be encoded for REMOTE (%s)", uc.name(),
                    e.toString());
            return Uni.createFrom().voidItem();
        }
        if (entry.length > maxValueSize) {
            log.warn("size:" + uc.name(), "Use case %s: a value of %d bytes is over quarkus.gcache.remote.max-value-size "
                    + "(%d) and is not written to REMOTE", uc.name(), entry.length, maxValueSize);
            return Uni.createFrom().voidItem();
        }
        return remote.write(urn, entry, ttlMillis)
                .onFailure().invoke(e -> remoteFailed(uc, "write", e))
                .onFailure().recoverWithNull();
    }

    private void remoteFailed(UseCase uc, String operation, Throwable e) {
        metrics.error(uc, Layer.REMOTE, e, false);
        log.warn("remote:" + operation, "REMOTE %s failed for use case %s (%s); the call goes on without it", operation,
                uc.name(), e.toString());
    }

    @SuppressWarnings("unchecked")
    private static <C> Uni<Object> proceedUni(C context, Invoker<C> invoker) {
        try {
            return (Uni<Object>) invoker.proceed(context);
        } catch (Throwable t) {
            return Uni.createFrom().failure(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> CompletionStage<Object> proceedStage(C context, Invoker<C> invoker) throws Exception {
        return (CompletionStage<Object>) invoker.proceed(context);
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
        dropLocal(keyType, idString);
        if (remote == null) {
            return Uni.createFrom().voidItem();
        }
        String watermarkKey = UrnBuilder.watermarkKey(keyPrefix, keyType, idString);
        return remote.invalidate(watermarkKey, futureBuffer.toMillis(), watermarkTtlMillis, channel,
                InvalidationSubscriber.message(keyType, idString))
                .invoke(() -> dropLocal(keyType, idString)) // a fill may have read REMOTE before the watermark moved
                .onFailure().invoke(e -> log.warn("invalidate", "Invalidating %s %s in REMOTE failed (%s); this "
                        + "process's LOCAL entries are dropped, Redis keeps entries until their TTL", keyType, idString,
                        e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Drops this process's LOCAL entries of the entity in every tracked use case of its key type. */
    public void dropLocal(String keyType, String idString) {
        AtomicLong invalidations = keyTypeInvalidations.get(keyType);
        if (invalidations == null) {
            return; // no tracked use case has this key type
        }
        invalidations.incrementAndGet();
        for (UseCase uc : trackedByKeyType.get(keyType)) {
            uc.local.dropEntity(idString);
        }
    }

    /** Drops every tracked LOCAL entry (the invalidation channel was lost: anything may have been missed). */
    void dropTrackedLocal() {
        for (Map.Entry<String, List<UseCase>> e : trackedByKeyType.entrySet()) {
            keyTypeInvalidations.get(e.getKey()).incrementAndGet();
            for (UseCase uc : e.getValue()) {
                uc.local.clear();
            }
        }
    }

    /** Deletes one entry from both layers, named by its use case, id and arguments' key strings. */
    public Uni<Void> delete(String useCase, Object id, Map<String, String> args) {
        UseCase uc = requireUseCase(useCase);
        String idString = KeyStrings.render(id);
        String[] expected = new String[uc.argNames.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = args.get(uc.argNames[i]);
            if (expected[i] == null) {
                throw new IllegalArgumentException("Use case " + useCase + " is keyed by the arguments "
                        + Arrays.toString(uc.argNames) + "; give each one's key string");
            }
        }
        uc.invalidations.incrementAndGet();
        uc.local.entries().keySet().removeIf(
                k -> UseCase.idOf(k).equals(idString) && Arrays.equals(uc.argumentStrings(k), expected));
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

    /** Re-reads the dynamic configuration from the config sources. */
    public void refreshSettings(Config config) {
        settings = settingsReader.read(config);
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
    public RemoteLayer remote() {
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

    /** Whether the invalidation subscription is live (always {@code true} without REMOTE). */
    public boolean invalidationsLive() {
        return subscriber == null || subscriber.live();
    }

    /** Reacts to the invalidation channel. */
    private final class SubscriptionListener implements InvalidationSubscriber.Listener {
        @Override
        public void invalidated(String keyType, String id) {
            dropLocal(keyType, id);
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
