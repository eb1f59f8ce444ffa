package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A layer's {@code ttl} that is not a duration. */
public class InvalidTtlException extends GCacheDefinitionException {

    /** @param why what is wrong with it, e.g. "it is negative" (the fix says how to write one) */
    public InvalidTtlException(MethodInfo method, String layer, String ttl, String why) {
        super("the " + layer + " ttl \"" + ttl + "\" cannot be read: " + why, method,
                "write e.g. ttl = \"60s\", \"5m\", \"1h\" or \"PT1H\"; \"0\" or \"\" turns the layer off");
    }
}
