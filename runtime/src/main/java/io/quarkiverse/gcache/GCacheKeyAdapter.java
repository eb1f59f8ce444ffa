package io.quarkiverse.gcache;

/**
 * Turns a value that has no stable string form of its own into the string a cache key uses for it.
 * <p>
 * Implementations are CDI beans, or public classes with a public no-argument constructor. The result must depend only
 * on the value (equal values give equal strings) and must not be {@code null} or empty.
 *
 * @param <T> the parameter type (or the type at the end of the property path)
 */
@FunctionalInterface
public interface GCacheKeyAdapter<T> {

    /** The key string for {@code value}. */
    String adapt(T value);
}
