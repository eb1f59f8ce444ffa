package io.quarkiverse.gcache.runtime;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.scope.Scopes;
import io.quarkus.arc.ArcInvocationContext;
import io.smallrye.mutiny.Uni;

/**
 * Opens the enable (or disable) scope of {@code @GCacheEnabled} around the call, and around the subscription to
 * the {@code Uni} it returns, which may happen after the method returned (reactive REST). A method carrying both
 * this and {@code @GCached} is cached: the cache sits inside every interceptor, around the method's body.
 */
@GCacheEnabled
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 10)
public class GCacheEnabledInterceptor {

    @AroundInvoke
    public Object intercept(InvocationContext ic) throws Exception {
        GCacheEnabled binding = ArcInvocationContext.findIterceptorBinding(ic, GCacheEnabled.class);
        boolean enabled = binding == null || binding.value();
        Object result;
        GCacheScope scope = Scopes.open(enabled);
        try (scope) {
            result = ic.proceed();
        }
        if (result instanceof Uni<?> uni) {
            return Scopes.subscribeInScope(uni, scope); // the same request: the same request-local memo
        }
        return result;
    }
}
