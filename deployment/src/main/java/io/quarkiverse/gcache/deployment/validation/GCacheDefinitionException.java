package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.MethodInfo;

/**
 * A mistake in a {@code @GCached} declaration, found at build time. The message says what is wrong, where
 * ({@code [class=X, method=y]}) and how to fix it. Each kind of mistake has its own subclass.
 */
public abstract class GCacheDefinitionException extends RuntimeException {

    private final String className;
    private final String methodName;

    protected GCacheDefinitionException(String problem, String className, String methodName, String fix) {
        super(problem + " [class=" + className + ", method=" + methodName + "]. Fix: " + fix);
        this.className = className;
        this.methodName = methodName;
    }

    protected GCacheDefinitionException(String problem, MethodInfo method, String fix) {
        this(problem, method.declaringClass().name().toString(), method.name(), fix);
    }

    protected GCacheDefinitionException(String problem, ClassInfo clazz, String fix) {
        this(problem, clazz.name().toString(), "-", fix);
    }

    public String getClassName() {
        return className;
    }

    public String getMethodName() {
        return methodName;
    }
}
