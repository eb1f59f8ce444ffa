package io.quarkiverse.gcache.runtime;

/**
 * Runs the cached method itself. Taking the context as an argument lets the interceptor pass one constant
 * instance, so a call allocates no lambda.
 *
 * @param <C> what the method needs to run, e.g. the interceptor's {@code InvocationContext}
 */
@FunctionalInterface
public interface Invoker<C> {

    Object proceed(C context) throws Exception;
}
