package io.quarkiverse.gcache.runtime;

import java.lang.reflect.Method;
import java.util.StringJoiner;

/**
 * The method key the build writes into a use case's spec ({@code org.acme.UserService#profile(java.lang.String)}),
 * and the method it names, found by reflection once at start-up (for the cached value's generic type).
 */
public final class MethodKeys {

    private MethodKeys() {
    }

    /** The method a method key names. */
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

    /** A class of the application, by name. */
    static Class<?> load(String className) {
        try {
            return Class.forName(className, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("GCache cannot load " + className, e);
        }
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
