package io.quarkiverse.gcache.bench;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Proceeds and nothing else: the cheapest interceptor ArC can run, the floor for the disabled path. */
@NoOp
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 20)
public class NoOpInterceptor {

    @AroundInvoke
    public Object intercept(InvocationContext ic) throws Exception {
        return ic.proceed();
    }
}
