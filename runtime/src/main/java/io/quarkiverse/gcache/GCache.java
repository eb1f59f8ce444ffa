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

    /**
     * Enables caching on this thread until the returned scope is closed. While it is open, code run on the same
     * Vert.x duplicated context (a request's) from another thread, e.g. {@code Vertx.currentContext().executeBlocking},
     * sees it too, as do {@code Uni}s assembled and tasks submitted to a managed executor here (Context Propagation).
     * Close it on the thread that opened it, innermost first (try-with-resources): a scope closed out of order or on
     * another thread ends only itself, and GCache logs the misuse once.
     */
    GCacheScope enable();

    /** Disables caching like {@link #enable()} enables it: the same reach, the same rules for closing. */
    GCacheScope disable();

    /** Whether a {@link GCached} method called here would use the cache (scope and global switch). */
    boolean isEnabled();

    /**
     * Runs {@code work} inside an enable scope, for reactive code, and subscribes to the {@code Uni} it returns inside
     * one too. What is covered: the cached methods the supplier calls (a cached method returning {@code Uni} decides
     * when it is called whether it uses the cache), and every {@code Uni} the supplier assembles, on whatever thread
     * it continues. Not covered: a {@code Uni} assembled before the supplier runs. A {@code Uni} keeps the scope in
     * force where it was assembled (MicroProfile Context Propagation captures it at creation and restores it at
     * subscription), so one assembled outside any scope runs uncached even inside {@code enabled(...)}, and one
     * assembled inside an enabled scope uses the cache even when subscribed under {@link #disable()}.
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

    /**
     * A snapshot of the fills running in this process, per use case: how many (leaders), how many callers wait for
     * them (followers) and the oldest one's age. A fill that runs long here is a slow or stuck method (or REMOTE
     * read) that callers queue behind, up to the use case's fallback-timeout. Also shown in the Dev UI (Flights).
     */
    GCacheFlights inFlight();
}
