package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/**
 * A package-private cached method inherited by a bean class in another package: the JVM lets no class of another
 * package override a package-private method, so the bean's own entry would never be reached and every call would
 * run uncached.
 */
public class PackagePrivateInheritedException extends GCacheDefinitionException {

    public PackagePrivateInheritedException(MethodInfo method, String beanClass) {
        super("@GCached is on a package-private method that the bean " + beanClass
                + " inherits from another package, where it cannot be overridden: its calls would not be cached",
                method, "make the method protected or public, or move the bean class into the package "
                        + packageOf(method.declaringClass().name().toString()));
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "(the default package)" : className.substring(0, dot);
    }
}
