package io.quarkiverse.gcache;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The programmatic side of GCache, injected as a bean: enable scopes, invalidation and housekeeping.
 *
 * <pre>
 * try (GCacheScope scope = gcache.enable()) {
 *     return users.profile(id); // served from the cache
 * }
 * </pre>
 */
public interface GCache {

    /** Enables caching on this thread (and its Vert.x context) until the returned scope is closed. */
    GCacheScope enable();

    /** Disables caching on this thread (and its Vert.x context) until the returned scope is closed. */
    GCacheScope disable();

    /** Whether a {@link GCached} method called here would use the cache (scope and global switch). */
    boolean isEnabled();

    /**
     * Runs {@code work} inside an enable scope, for reactive code: the supplier is called with caching enabled,
     * and the scope also covers the subscription to the {@code Uni} it returns.
     */
    <T> Uni<T> enabled(Supplier<Uni<T>> work);

    /**
     * Invalidates every entry of every tracked use case about the entity {@code keyType}/{@code id}: entries
     * created before now are never served again.
     */
    void invalidate(String keyType, Object id);

    /**
     * Like {@link #invalidate(String, Object)}, and also refuses to cache the entity, in REMOTE and in every
     * process's LOCAL layer, for {@code futureBuffer} from now (for replicas that lag behind the write).
     */
    void invalidate(String keyType, Object id, Duration futureBuffer);

    /** {@link #invalidate(String, Object)} without blocking. */
    Uni<Void> invalidateAsync(String keyType, Object id);

    /** {@link #invalidate(String, Object, Duration)} without blocking. */
    Uni<Void> invalidateAsync(String keyType, Object id, Duration futureBuffer);

    /**
     * Deletes one entry of a use case from both layers. {@code args} maps each key argument's parameter name
     * to its key string, as it appears in the entry's key ({@code null} for a {@code null} argument).
     */
    void delete(String useCase, Object id, Map<String, String> args);

    /** Deletes the entry of a use case that has no key arguments. */
    default void delete(String useCase, Object id) {
        delete(useCase, id, Map.of());
    }

    /** Removes all of GCache's own entries from both layers; nothing else is touched. */
    void flush();
}
