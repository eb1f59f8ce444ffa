package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCacheInvalidate(futureBuffer)} that is not a duration. */
public class InvalidateFutureBufferException extends GCacheDefinitionException {

    public InvalidateFutureBufferException(MethodInfo method, String keyType, String futureBuffer, String why) {
        super("@GCacheInvalidate(keyType = \"" + keyType + "\", futureBuffer = \"" + futureBuffer + "\") is not a duration (" + why
                + ")", method, "write e.g. futureBuffer = \"2s\", \"500ms\" or \"PT1M\", or leave it out for none");
    }
}
