package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/**
 * A parameter is given two roles: the id ({@code @GCacheId} or {@code idArg}), a key argument ({@code @GCacheArg}),
 * ignored ({@code @GCacheIgnore}).
 */
public class ConflictingKeyAnnotationsException extends GCacheDefinitionException {

    public ConflictingKeyAnnotationsException(MethodInfo method, String parameter) {
        super("parameter " + parameter + " carries more than one of @GCacheId, @GCacheArg and @GCacheIgnore", method,
                "keep the one that says what the parameter is to the key");
    }

    /** {@code idArg} names a parameter that is marked as a key argument or as ignored. */
    public ConflictingKeyAnnotationsException(MethodInfo method, String parameter, String annotation) {
        super("@GCached(idArg = \"" + parameter + "\") makes parameter " + parameter + " the id, but it carries "
                + annotation, method,
                "remove " + annotation + "; for an id taken through a path or an adapter, put @GCacheId(...) on the"
                        + " parameter instead of idArg");
    }
}
