package io.quarkiverse.gcache.runtime;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkiverse.gcache.GCached;

/**
 * Adapts a call of a {@code @GCached} method to the {@link GCacheEngine}: finds the method's use case (once per
 * method) and hands over the parameters and a way to proceed. All the caching happens in the engine.
 */
@GCached(keyType = "")
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 20)
public class GCachedInterceptor {

    private static final Invoker<InvocationContext> PROCEED = InvocationContext::proceed;

    private final GCacheEngine engine;
    private final UseCaseIndex index;
    private final ConcurrentHashMap<Method, UseCase> byMethod = new ConcurrentHashMap<>();

    @Inject
    public GCachedInterceptor(GCacheEngine engine, UseCaseIndex index) {
        this.engine = engine;
        this.index = index;
    }

    @AroundInvoke
    public Object intercept(InvocationContext ic) throws Exception {
        Method method = ic.getMethod();
        UseCase uc = byMethod.get(method);
        if (uc == null) {
            uc = byMethod.computeIfAbsent(method, m -> index.find(engine, m));
        }
        return switch (uc.returnKind()) {
            case PLAIN -> engine.call(uc, ic.getParameters(), ic, PROCEED);
            case UNI -> engine.callUni(uc, ic.getParameters(), ic, PROCEED);
            case COMPLETION_STAGE -> engine.callStage(uc, ic.getParameters(), ic, PROCEED);
        };
    }
}
