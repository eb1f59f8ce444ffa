package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code fallbackTimeout} that is not a positive duration. */
public class InvalidFallbackTimeoutException extends GCacheDefinitionException {

    /** @param why what is wrong with it, e.g. "it must be longer than 0" (the fix says how to write one) */
    public InvalidFallbackTimeoutException(MethodInfo method, String timeout, String why) {
        super("the fallbackTimeout \"" + timeout + "\" cannot be read: " + why, method,
                "write e.g. fallbackTimeout = \"2s\", \"500ms\" or \"PT1M\", or leave it out for the default (60s)");
    }
}
