package io.quarkiverse.gcache.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.eclipse.microprofile.config.Config;

import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.runtime.GCacheMetrics.DisabledReason;
import io.quarkiverse.gcache.runtime.GCacheMetrics.Layer;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.Settings;
import io.quarkiverse.gcache.runtime.config.SettingsReader;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkiverse.gcache.runtime.local.LocalEntry;
import io.quarkiverse.gcache.runtime.local.LocalLayer;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.mutiny.Uni;

/**
 * The read path of SPEC §4, in one place: is caching enabled here, what the use case's layers say, the LOCAL
 * layer, one fill per key, and the method itself. It knows nothing of CDI: the interceptor adapts a method call
 * to it, and tests and benchmarks can drive it directly.
 * <p>
 * A LOCAL hit reads one volatile snapshot and one thread-local, takes the key parts from the parameters and
 * looks them up in Caffeine: no URN, no lambda, and for a use case keyed by a string id alone no allocation.
 * Every failure of the cache itself is logged (rate-limited) and the method runs: the caller only ever sees
 * the method's own result or exception.
 */
public final class GCacheEngine {

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
    private volatile Settings settings;

    /**
     * @param instantiate gives an instance of a generated property reader or an adapter class, by name
     * @param blockingAllowed whether this thread may wait for another caller's fill (not on an event loop)
     */
    public GCacheEngine(List<UseCaseSpec> specs, String keyPrefix, int maxKeyLength, long localMaxSize, Config config,
            Function<String, Object> instantiate, BooleanSupplier blockingAllowed, GCacheMetrics metrics) {
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
    }

    @SuppressWarnings("unchecked")
    private static KeyPart keyPart(KeyPartSpec spec, Function<String, Object> instantiate) {
        PropertyReader reader = spec.getReaderClass() == null ? null
                : (PropertyReader) instantiate.apply(spec.getReaderClass());
        GCacheKeyAdapter<Object> adapter = spec.getAdapterClass() == null ? null
                : (GCacheKeyAdapter<Object>) instantiate.apply(spec.getAdapterClass());
        return new KeyPart(spec.getName(), spec.getPosition(), reader, adapter, spec.isValueKey());
    }

    // ---- the read path -------------------------------------------------------------------------------------

    /** A call of a method that returns its value. */
    public <C> Object call(UseCase uc, Object[] params, C context, Invoker<C> invoker) throws Exception {
        Object key = cacheKey(uc, params);
        if (key == null) {
            return invoker.proceed(context);
        }
        metrics.request(uc, Layer.LOCAL);
        LocalEntry hit = uc.local.get(key);
        if (hit != null) {
            return hit.value();
        }
        metrics.miss(uc, Layer.LOCAL);
        return fill(uc, key, context, invoker);
    }

    /** A call of a method that returns a {@code Uni}: the lookup happens when the {@code Uni} is subscribed. */
    public <C> Uni<Object> callUni(UseCase uc, Object[] params, C context, Invoker<C> invoker) {
        // Whether to cache, and the key, are decided now: the scope and the arguments are those of the call.
        Object key = cacheKey(uc, params);
        if (key == null) {
            return proceedUni(context, invoker);
        }
        return Uni.createFrom().deferred(() -> {
            metrics.request(uc, Layer.LOCAL);
            LocalEntry hit = uc.local.get(key);
            if (hit != null) {
                return Uni.createFrom().item(hit.value());
            }
            metrics.miss(uc, Layer.LOCAL);
            return fillUni(uc, key, context, invoker);
        });
    }

    /** A call of a method that returns a {@code CompletionStage}. */
    public <C> CompletionStage<Object> callStage(UseCase uc, Object[] params, C context, Invoker<C> invoker)
            throws Exception {
        Object key = cacheKey(uc, params);
        if (key == null) {
            return proceedStage(context, invoker);
        }
        metrics.request(uc, Layer.LOCAL);
        LocalEntry hit = uc.local.get(key);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit.value());
        }
        metrics.miss(uc, Layer.LOCAL);
        return fillStage(uc, key, context, invoker);
    }

    /** The call's LOCAL key, or {@code null} when this call does not use the cache. */
    private Object cacheKey(UseCase uc, Object[] params) {
        Settings current = settings;
        if (!current.enabled() || !Scopes.isEnabled()) {
            metrics.disabled(uc, Layer.GLOBAL, current.enabled() ? DisabledReason.CONTEXT : DisabledReason.RAMPED_DOWN);
            return null;
        }
        LayerSettings local = current.useCase(uc.index).local();
        if (!local.isOn()) {
            metrics.disabled(uc, Layer.LOCAL, offReason(local));
            return null;
        }
        if (!local.drawRamp()) {
            metrics.disabled(uc, Layer.LOCAL, DisabledReason.RAMPED_DOWN);
            return null;
        }
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

    private <C> Object fill(UseCase uc, Object key, C context, Invoker<C> invoker) throws Exception {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = uc.fills.putIfAbsent(key, mine);
        if (running != null) {
            return awaitFill(running, context, invoker);
        }
        try {
            LocalEntry hit = uc.local.get(key); // a fill may have ended between our miss and our claim
            if (hit != null) {
                mine.complete(hit.value());
                return hit.value();
            }
            long invalidations = uc.invalidations.get();
            long createdAt = System.currentTimeMillis();
            Object value;
            try {
                value = invoker.proceed(context);
            } catch (Throwable t) {
                mine.completeExceptionally(t);
                throw t;
            }
            keep(uc, key, value, invalidations, createdAt);
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

    private <C> Uni<Object> fillUni(UseCase uc, Object key, C context, Invoker<C> invoker) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = uc.fills.putIfAbsent(key, mine);
        if (running != null) {
            // A copy: cancelling a subscription cancels its stage, and must not cancel the fill others wait for.
            return Uni.createFrom().completionStage(running.copy())
                    .onFailure(FillAbandoned.class).recoverWithUni(() -> proceedUni(context, invoker));
        }
        LocalEntry hit = uc.local.get(key);
        if (hit != null) {
            mine.complete(hit.value());
            uc.fills.remove(key, mine);
            return Uni.createFrom().item(hit.value());
        }
        long invalidations = uc.invalidations.get();
        long createdAt = System.currentTimeMillis();
        return proceedUni(context, invoker)
                .onItemOrFailure().invoke((value, failure) -> {
                    if (failure == null) {
                        keep(uc, key, value, invalidations, createdAt);
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

    private <C> CompletionStage<Object> fillStage(UseCase uc, Object key, C context, Invoker<C> invoker)
            throws Exception {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = uc.fills.putIfAbsent(key, mine);
        if (running != null) {
            return relay(running, context, invoker);
        }
        LocalEntry hit = uc.local.get(key);
        if (hit != null) {
            mine.complete(hit.value());
            uc.fills.remove(key, mine);
            return CompletableFuture.completedFuture(hit.value());
        }
        long invalidations = uc.invalidations.get();
        long createdAt = System.currentTimeMillis();
        CompletionStage<Object> source;
        try {
            source = proceedStage(context, invoker);
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            uc.fills.remove(key, mine);
            throw t;
        }
        source.whenComplete((value, failure) -> {
            if (failure == null) {
                keep(uc, key, value, invalidations, createdAt);
                mine.complete(value);
            } else {
                Throwable cause = unwrap(failure);
                // A cancelled stage is its caller's decision, not the method's result: the waiters run it themselves.
                mine.completeExceptionally(cause instanceof CancellationException ? FillAbandoned.INSTANCE : cause);
            }
            uc.fills.remove(key, mine);
        });
        return source;
    }

    /** Writes a fill's result to LOCAL, unless an invalidation landed while the method ran. */
    private void keep(UseCase uc, Object key, Object value, long invalidationsAtStart, long createdAt) {
        LayerSettings local = settings.useCase(uc.index).local();
        if (!local.isOn() || uc.invalidations.get() != invalidationsAtStart) {
            return; // a stale fill must not even replace, for a moment, what a fresher fill wrote
        }
        LocalEntry entry = new LocalEntry(value, local.ttlNanos(), createdAt);
        uc.local.put(key, entry);
        // Checked after the put: an invalidation moves the counter before it drops entries, so either it
        // drops ours or we see it moved.
        if (uc.invalidations.get() != invalidationsAtStart) {
            uc.local.remove(key, entry);
        }
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

    /** A waiter's own stage of a running fill (cancelling it cancels nothing else). */
    private static <C> CompletableFuture<Object> relay(CompletableFuture<Object> running, C context, Invoker<C> invoker) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        running.whenComplete((value, failure) -> {
            if (failure != null && unwrap(failure) instanceof FillAbandoned) {
                try {
                    proceedStage(context, invoker).whenComplete((v, f) -> complete(result, v, f));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            } else {
                complete(result, value, failure);
            }
        });
        return result;
    }

    private static void complete(CompletableFuture<Object> result, Object value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(unwrap(failure));
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    // ---- housekeeping --------------------------------------------------------------------------------------

    /** Whether a cached method called here would use the cache. */
    public boolean isEnabled() {
        return settings.enabled() && Scopes.isEnabled();
    }

    /** Drops this process's LOCAL entries of the entity in every tracked use case of its key type. */
    public void invalidateLocal(String keyType, Object id) {
        String idString = KeyStrings.render(id);
        AtomicLong invalidations = keyTypeInvalidations.get(keyType);
        if (invalidations == null) {
            return; // no tracked use case has this key type
        }
        invalidations.incrementAndGet();
        for (UseCase uc : trackedByKeyType.get(keyType)) {
            uc.local.dropEntity(idString);
            // A fill that started before the invalidation may have read the old state: calls made from now on
            // start their own fill instead of waiting for its result.
            uc.fills.keySet().removeIf(k -> UseCase.idOf(k).equals(idString));
        }
    }

    /** Deletes one LOCAL entry, named by its use case, id and arguments' key strings. */
    public void deleteLocal(String useCase, Object id, Map<String, String> args) {
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
        uc.local.entries().keySet().removeIf(
                k -> UseCase.idOf(k).equals(idString) && Arrays.equals(uc.argumentStrings(k), expected));
    }

    /** Empties every LOCAL layer. */
    public void flushLocal() {
        for (UseCase uc : useCases) {
            uc.invalidations.incrementAndGet();
            uc.local.clear();
            uc.fills.clear();
        }
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
}
