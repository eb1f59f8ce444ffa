package io.quarkiverse.gcache.deployment.validation;

import java.util.List;

import org.jboss.jandex.MethodInfo;

/**
 * An explicit use case on a method that several beans inherit: each bean needs its own use case (its method may
 * return something else for the same key), so one name cannot serve them all.
 */
public class SharedUseCaseException extends GCacheDefinitionException {

    public SharedUseCaseException(MethodInfo method, String useCase, List<String> beans) {
        super("the use case \"" + useCase + "\" is on a method that several beans inherit, " + beans
                + ", and each of them needs its own use case", method,
                "remove useCase, so that each bean gets its own (BeanClass." + method.name()
                        + "), or override the method in each bean with its own @GCached(useCase = \"...\")");
    }
}
