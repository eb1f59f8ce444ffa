package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A key part has no stable string form and no adapter. */
public class UnstableKeyPartException extends GCacheDefinitionException {

    public UnstableKeyPartException(MethodInfo method, String parameter, String type, String why) {
        super("parameter " + parameter + " of type " + type + " cannot be part of a cache key: " + why, method,
                "give it an adapter (@GCacheArg(adapter = X.class) or @GCacheId(adapter = X.class)), point a property path at a stable value, or leave it out with @GCacheIgnore");
    }
}
