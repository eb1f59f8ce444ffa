package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCached} method names its id twice. */
public class DuplicateIdException extends GCacheDefinitionException {

    public DuplicateIdException(MethodInfo method, String what) {
        super("@GCached method names more than one id (" + what + ")", method,
                "keep exactly one: @GCacheId on one parameter, or @GCached(idArg = \"...\")");
    }
}
