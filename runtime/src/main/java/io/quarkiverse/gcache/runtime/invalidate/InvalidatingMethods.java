package io.quarkiverse.gcache.runtime.invalidate;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkiverse.gcache.runtime.MethodKeys;

/**
 * The {@code @GCacheInvalidate} methods of the application, built at start-up from what the build worked out; the
 * interceptor asks it for the intercepted method's.
 */
public final class InvalidatingMethods {

    private final Map<String, InvalidatingMethod> byMethodKey;
    /** The methods met so far, so that the method key is built once per method, not per call. */
    private final ConcurrentHashMap<Method, InvalidatingMethod> byMethod = new ConcurrentHashMap<>();

    InvalidatingMethods(Map<String, InvalidatingMethod> byMethodKey) {
        this.byMethodKey = Map.copyOf(byMethodKey);
    }

    /** The method's invalidations, or {@code null} if the build saw none on it. */
    InvalidatingMethod of(Method method) {
        InvalidatingMethod found = byMethod.get(method);
        if (found == null) {
            found = byMethodKey.get(MethodKeys.methodKey(method));
            if (found != null) {
                byMethod.put(method, found);
            }
        }
        return found;
    }
}
