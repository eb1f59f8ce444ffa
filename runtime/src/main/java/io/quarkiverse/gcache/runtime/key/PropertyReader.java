package io.quarkiverse.gcache.runtime.key;

/**
 * Follows a property path ({@code @GCacheId("account.id")}) from an argument. The build generates one
 * implementation per path with plain accessor calls, so no reflection happens per call.
 */
public interface PropertyReader {

    /** The value at the end of the path, or {@code null} if the argument or a step on the way is {@code null}. */
    Object read(Object argument);
}
