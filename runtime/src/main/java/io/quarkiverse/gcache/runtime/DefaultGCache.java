package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheFlights;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;

/**
 * The {@link GCache} bean: a thin façade over the engine's scopes and housekeeping. Without Redis every
 * operation acts on this process's LOCAL layer.
 */
public class DefaultGCache implements GCache {

    private final Supplier<GCacheEngine> engineSupplier;
    private volatile GCacheEngine engine;

    /** {@code engine} is asked on first use, not here: this bean may be created before the engine exists. */
    public DefaultGCache(Supplier<GCacheEngine> engine) {
        this.engineSupplier = engine;
    }

    private GCacheEngine engine() {
        GCacheEngine e = engine;
        if (e == null) {
            e = engineSupplier.get();
            engine = e;
        }
        return e;
    }

    @Override
    public GCacheScope enable() {
        return Scopes.open(true);
    }

    @Override
    public GCacheScope disable() {
        return Scopes.open(false);
    }

    @Override
    public boolean isEnabled() {
        return engine().isEnabled();
    }

    @Override
    public <T> Uni<T> enabled(Supplier<Uni<T>> work) {
        Uni<T> uni;
        GCacheScope scope = Scopes.open(true);
        try (scope) {
            uni = work.get();
        }
        return Scopes.subscribeInScope(uni, scope); // the same request: the same request-local memo
    }

    @Override
    public void invalidate(String keyType, Object id) {
        invalidate(keyType, id, Duration.ZERO);
    }

    @Override
    public void invalidate(String keyType, Object id, Duration futureBuffer) {
        await(engine().invalidate(keyType, id, futureBuffer));
    }

    @Override
    public Uni<Void> invalidateAsync(String keyType, Object id) {
        return invalidateAsync(keyType, id, Duration.ZERO);
    }

    @Override
    public Uni<Void> invalidateAsync(String keyType, Object id, Duration futureBuffer) {
        return Uni.createFrom().deferred(() -> engine().invalidate(keyType, id, futureBuffer));
    }

    @Override
    public void delete(String useCase, Object id, Map<String, String> args) {
        await(engine().delete(useCase, id, args));
    }

    @Override
    public void flush() {
        await(engine().flush());
    }

    @Override
    public GCacheFlights inFlight() {
        return engine().inFlight();
    }

    /** Waits for the REMOTE part where this thread may block; on an event loop it finishes in the background. */
    private static void await(Uni<?> operation) {
        if (BlockingOperationControl.isBlockingAllowed()) {
            operation.await().indefinitely();
        } else {
            operation.subscribe().with(x -> {
            }, x -> {
            });
        }
    }
}
