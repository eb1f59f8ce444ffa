package io.quarkiverse.gcache.runtime.handle;

import java.util.Map;
import java.util.function.Supplier;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.Invoker;
import io.quarkiverse.gcache.runtime.UseCase;
import io.smallrye.mutiny.Uni;

/**
 * The {@link GCacheHandle} of one programmatic use case: each call enters the engine exactly as a woven method's call
 * site does, with the parameters {@code [id, args]} (the use case's key reads the id from the first and the named
 * arguments from the second) and the loader as the method to run.
 */
final class UseCaseHandle<T> implements GCacheHandle<T> {

    /** Runs the loader: one constant for every call, so a call allocates no lambda of its own. */
    private static final Invoker<Supplier<?>> LOADER = (loader, params) -> loader.get();

    private final GCacheEngine engine;
    private final UseCase useCase;

    UseCaseHandle(GCacheEngine engine, UseCase useCase) {
        this.engine = engine;
        this.useCase = useCase;
    }

    @Override
    public T get(Object id, Supplier<T> loader) {
        return call(id, null, loader);
    }

    @Override
    public T get(Object id, Map<String, ?> args, Supplier<T> loader) {
        return call(id, args, loader);
    }

    @Override
    public Uni<T> getUni(Object id, Supplier<Uni<T>> loader) {
        return callUni(id, null, loader);
    }

    @Override
    public Uni<T> getUni(Object id, Map<String, ?> args, Supplier<Uni<T>> loader) {
        return callUni(id, args, loader);
    }

    @SuppressWarnings("unchecked")
    private T call(Object id, Map<String, ?> args, Supplier<T> loader) {
        try {
            return (T) engine.call(useCase, new Object[] { id, args }, loader, LOADER);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) { // a checked exception the loader threw sneakily: the caller gets it as it was
            throw UseCaseHandle.<RuntimeException> rethrow(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Uni<T> callUni(Object id, Map<String, ?> args, Supplier<Uni<T>> loader) {
        return (Uni<T>) (Uni<?>) engine.callUni(useCase, new Object[] { id, args }, loader, LOADER);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public String toString() {
        return "GCacheHandle[" + useCase.name() + "]";
    }
}
