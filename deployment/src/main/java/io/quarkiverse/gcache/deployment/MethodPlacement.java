package io.quarkiverse.gcache.deployment;

import java.lang.reflect.Modifier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;

/**
 * Where a method-level GCache annotation can act, a rule {@code @GCached} and {@code @GCacheInvalidate} share: on an
 * instance method of a bean class that a subclass or the build can reach (not on an interface, not abstract, not
 * private, not static). Each annotation names its own error for each case.
 */
final class MethodPlacement {

    private MethodPlacement() {
    }

    /**
     * Reports where {@code method} cannot carry the annotation; {@code false} for an interface or abstract method,
     * where checking further would only repeat the same mistake.
     */
    static boolean check(MethodInfo method, Consumer<GCacheDefinitionException> problems,
            Function<MethodInfo, GCacheDefinitionException> onInterface,
            Function<MethodInfo, GCacheDefinitionException> onAbstract,
            Function<MethodInfo, GCacheDefinitionException> onPrivate,
            Function<MethodInfo, GCacheDefinitionException> onStatic) {
        if (method.declaringClass().isInterface()) {
            problems.accept(onInterface.apply(method));
            return false;
        }
        if (Modifier.isAbstract(method.flags())) {
            problems.accept(onAbstract.apply(method));
            return false;
        }
        if (Modifier.isPrivate(method.flags())) {
            problems.accept(onPrivate.apply(method));
        }
        if (Modifier.isStatic(method.flags())) {
            problems.accept(onStatic.apply(method));
        }
        return true;
    }
}
