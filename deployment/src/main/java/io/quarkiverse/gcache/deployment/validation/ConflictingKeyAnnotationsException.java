package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A parameter carries two of {@code @GCacheId}, {@code @GCacheArg}, {@code @GCacheIgnore}. */
public class ConflictingKeyAnnotationsException extends GCacheDefinitionException {

    public ConflictingKeyAnnotationsException(MethodInfo method, String parameter) {
        super("parameter " + parameter + " carries more than one of @GCacheId, @GCacheArg and @GCacheIgnore", method,
                "keep the one that says what the parameter is to the key");
    }
}
