package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code staleOnErrorMaxAge} that is not a duration longer than the annotation's REMOTE ttl. */
public class InvalidStaleOnErrorMaxAgeException extends GCacheDefinitionException {

    /** @param why what is wrong with it, e.g. "it must be longer than the REMOTE ttl" */
    public InvalidStaleOnErrorMaxAgeException(MethodInfo method, String maxAge, String why) {
        super("the staleOnErrorMaxAge \"" + maxAge + "\" cannot be used: " + why, method,
                "write a duration longer than remote = @GCached.Layer(ttl = ...), e.g. staleOnErrorMaxAge = \"10m\" for "
                        + "a 1m ttl, or leave it out to turn stale on error off");
    }
}
