package io.quarkiverse.gcache.runtime.invalidate;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkiverse.gcache.GCacheInvalidate;

/**
 * Invalidates the entities a {@code @GCacheInvalidate} method names once it has written them. Everything about the
 * method was worked out at build time ({@link InvalidatingMethods}); this only runs it. Its priority puts it outside
 * {@code @Transactional} ({@code PLATFORM_BEFORE + 200}), so a transactional write invalidates after its commit.
 */
@GCacheInvalidate(keyType = "")
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 5)
public class GCacheInvalidateInterceptor {

    @Inject
    InvalidatingMethods methods;

    @AroundInvoke
    public Object invalidateAfter(InvocationContext ic) throws Exception {
        InvalidatingMethod method = methods.of(ic.getMethod());
        Object[] params = ic.getParameters(); // read when the method has returned: an id it assigned is seen
        Object result = ic.proceed();
        return method == null ? result : method.afterReturn(result, params);
    }
}
