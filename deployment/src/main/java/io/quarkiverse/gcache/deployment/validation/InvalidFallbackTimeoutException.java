package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code fallbackTimeout} that is not a positive duration. */
public class InvalidFallbackTimeoutException extends GCacheDefinitionException {

    public InvalidFallbackTimeoutException(MethodInfo method, String timeout, String why) {
        super("the fallbackTimeout \"" + timeout + "\" is not a positive duration (" + why + ")", method,
                "write e.g. fallbackTimeout = \"2s\", \"500ms\" or \"PT1M\", or leave it out for the default (60s)");
    }
}
