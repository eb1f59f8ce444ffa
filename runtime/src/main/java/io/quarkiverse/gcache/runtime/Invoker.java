package io.quarkiverse.gcache.runtime;

/**
 * Runs the cached method itself. The target and the parameters are passed in, so that one constant invoker per
 * method serves every call and a call allocates no lambda.
 *
 * @param <C> what the method runs on: the bean instance for a {@link GCacheCallSite}, anything for tests
 */
@FunctionalInterface
public interface Invoker<C> {

    Object proceed(C target, Object[] params) throws Exception;
}
