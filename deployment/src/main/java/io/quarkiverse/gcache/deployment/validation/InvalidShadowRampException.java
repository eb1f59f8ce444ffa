package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code shadowRamp} outside 0..100. */
public class InvalidShadowRampException extends GCacheDefinitionException {

    public InvalidShadowRampException(MethodInfo method, int ramp) {
        super("the shadowRamp " + ramp + " is not between 0 and 100", method,
                "give the share of keys whose REMOTE hits shadow validation checks, from 0 (off) to 100");
    }
}
