package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** Two {@code @GCached} methods share a use case name. */
public class DuplicateUseCaseException extends GCacheDefinitionException {

    public DuplicateUseCaseException(MethodInfo method, String useCase, String other) {
        super("the use case \"" + useCase + "\" is also declared by " + other, method,
                "give one of the two methods its own @GCached(useCase = \"...\")");
    }

    /**
     * The bean inherits the method: a use case in the method's annotation would be shared by every bean that inherits
     * it ({@link SharedUseCaseException}), so the fix is an override in the bean. Reported on the bean class.
     */
    public DuplicateUseCaseException(MethodInfo method, String useCase, String bean, String other) {
        super("the use case \"" + useCase + "\" of the bean " + bean + ", which inherits "
                + method.declaringClass().name() + "#" + method.name() + ", is also that of " + other, bean,
                method.name(), other.startsWith(bean + "#")
                        // the bean's own method (an overload) has the name: that one can take another
                        ? "give " + other + " its own @GCached(useCase = \"...\")"
                        : "override " + method.name() + " in " + bean
                                + " with its own @GCached(useCase = \"...\"), or rename one of the two bean classes");
    }
}
