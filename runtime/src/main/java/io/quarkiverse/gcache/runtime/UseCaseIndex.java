package io.quarkiverse.gcache.runtime;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;

/**
 * Finds the use case of an intercepted method by the method key the build wrote into its spec
 * ({@code org.acme.UserService#profile(java.lang.String)}). Asked once per method; the interceptor keeps the
 * answer.
 */
public final class UseCaseIndex {

    private final Map<String, String> useCaseByMethodKey = new HashMap<>();

    public UseCaseIndex(Iterable<UseCaseSpec> specs) {
        for (UseCaseSpec spec : specs) {
            useCaseByMethodKey.put(spec.getMethodKey(), spec.getUseCase());
        }
    }

    UseCase find(GCacheEngine engine, Method method) {
        String key = methodKey(method);
        String useCase = useCaseByMethodKey.get(key);
        if (useCase == null) {
            throw new IllegalStateException("No GCache use case was built for " + key);
        }
        return engine.useCase(useCase);
    }

    /** The method a method key names, found by reflection once at start-up. */
    static Method findMethod(String methodKey) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String className = methodKey.substring(0, methodKey.indexOf('#'));
        try {
            for (Class<?> c = Class.forName(className, false, loader); c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (methodKey(m).equals(methodKey)) {
                        return m;
                    }
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("GCache cannot load " + className, e);
        }
        throw new IllegalStateException("GCache cannot find the method " + methodKey);
    }

    /** The method key of a method: declaring class, name, and erased parameter types. */
    public static String methodKey(Method method) {
        StringJoiner params = new StringJoiner(",", "(", ")");
        for (Class<?> type : method.getParameterTypes()) {
            params.add(type.getTypeName());
        }
        return method.getDeclaringClass().getName() + "#" + method.getName() + params;
    }
}
