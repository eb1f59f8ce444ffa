package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/**
 * Two {@code @GCached} methods share a use case name. The message names both with their parameter types: two
 * overloads of one method share its default name ({@code SimpleClassName.method}), and only the types tell them apart.
 */
public class DuplicateUseCaseException extends GCacheDefinitionException {

    /**
     * @param signature the reported method, e.g. {@code org.acme.MistakeService#byFilter(String, int)}
     * @param other the method that has the use case already, written the same way
     */
    public DuplicateUseCaseException(MethodInfo method, String useCase, String signature, String other) {
        super("the use case \"" + useCase + "\" is that of two methods, " + other + " and " + signature, method,
                "give one of the two methods its own @GCached(useCase = \"...\"), e.g. " + shortName(signature)
                        + " (a method without one is named SimpleClassName.method, the same for all its overloads)");
    }

    private DuplicateUseCaseException(String problem, String bean, String method, String fix) {
        super(problem, bean, method, fix);
    }

    /**
     * The bean inherits the method: a use case in the method's annotation would be shared by every bean that inherits
     * it ({@link SharedUseCaseException}), so the fix is an override in the bean. Reported on the bean class.
     *
     * @param signature the inherited method in its declaring class, e.g. {@code a.Repo#find(Long)}
     * @param other the method that has the use case already, e.g. {@code b.UserRepo#find(Long)}
     */
    public static DuplicateUseCaseException inherited(MethodInfo method, String useCase, String bean, String signature,
            String other) {
        return new DuplicateUseCaseException("the use case \"" + useCase + "\" of the bean " + bean + ", which inherits "
                + signature + ", is also that of " + other, bean, method.name(),
                other.startsWith(bean + "#")
                        // the bean's own method (an overload) has the name: that one can take another
                        ? "give " + other + " its own @GCached(useCase = \"...\")"
                        : "override " + method.name() + " in " + bean
                                + " with its own @GCached(useCase = \"...\"), or rename one of the two bean classes");
    }

    /** {@code byFilter(String, int)} of {@code org.acme.MistakeService#byFilter(String, int)}. */
    private static String shortName(String signature) {
        return signature.substring(signature.indexOf('#') + 1);
    }
}
