package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A layer's {@code ramp} outside 0..100. */
public class InvalidRampException extends GCacheDefinitionException {

    public InvalidRampException(MethodInfo method, String layer, int ramp) {
        super("the " + layer + " ramp " + ramp + " is not between 0 and 100", method,
                "give the share of requests that use the layer, from 0 to 100");
    }
}
