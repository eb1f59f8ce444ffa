package io.quarkiverse.gcache;

import java.util.Map;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A read-through cache for one use case, for code that cannot be annotated with {@link GCached}: inject it with
 * {@link GCacheUseCase}. A call takes the same path as a call of a {@code @GCached} method: outside an enable scope
 * the loader just runs; inside one, LOCAL, then REMOTE, then the loader, whose result is stored. The caller always
 * gets the loader's own result or its own exception; a key that cannot be built (a null id, an argument name that keys
 * cannot carry) runs the loader uncached.
 *
 * @param <T> the cached value's type; REMOTE reads values back as this type, with its generic arguments
 */
public interface GCacheHandle<T> {

    /** The value of the entity {@code id}: from the cache, or from {@code loader}, whose result is cached. */
    T get(Object id, Supplier<T> loader);

    /**
     * The value of the entity {@code id} for these arguments. They key the entry like a {@code @GCached} method's
     * arguments ({@code ?a=1&b=2}, sorted by name); names match {@code [A-Za-z0-9_.-]+}, values are rendered as
     * argument values are.
     */
    T get(Object id, Map<String, ?> args, Supplier<T> loader);

    /** {@link #get(Object, Supplier)} for a loader that returns a {@code Uni}; the lookup happens on subscription. */
    Uni<T> getUni(Object id, Supplier<Uni<T>> loader);

    /** {@link #get(Object, Map, Supplier)} for a loader that returns a {@code Uni}. */
    Uni<T> getUni(Object id, Map<String, ?> args, Supplier<Uni<T>> loader);
}
