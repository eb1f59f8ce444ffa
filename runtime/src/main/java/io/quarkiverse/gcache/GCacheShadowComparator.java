package io.quarkiverse.gcache;

/**
 * Decides, for shadow validation (SPEC §12), whether the value a REMOTE hit served and the value the method returns
 * now are the same: for values whose {@code equals} is identity, or too strict (a timestamp that always differs), or
 * too lax. Named by {@link GCached#shadowComparator()}; a CDI bean, or a class with a no-argument constructor. Its
 * type argument must fit the method's value type (checked at build time).
 * <p>
 * It runs on a worker thread, never on a caller's; an exception it throws counts the check as
 * {@code comparison_error} and goes nowhere else.
 *
 * @param <T> the cached value's type
 */
@FunctionalInterface
public interface GCacheShadowComparator<T> {

    /**
     * @param cached the value the cache served (decoded again from the bytes it served), may be {@code null}
     * @param current the value the method returns now, may be {@code null}
     * @return whether they are the same for the application
     */
    boolean same(T cached, T current);
}
