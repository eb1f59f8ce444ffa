package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCached} method names no id. */
public class MissingIdException extends GCacheDefinitionException {

    public MissingIdException(MethodInfo method) {
        super("@GCached method has no id", method,
                "mark the parameter that identifies the entity with @GCacheId, or name it with @GCached(idArg = \"...\")");
    }
}
