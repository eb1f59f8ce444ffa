package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCacheInvalidate} that names no id. */
public class InvalidateIdMissingException extends GCacheDefinitionException {

    public InvalidateIdMissingException(MethodInfo method, String keyType) {
        super("@GCacheInvalidate(keyType = \"" + keyType + "\") names no id", method,
                "name the parameter that holds the id, idArg = \"userId\", or a property path into one, id = \"user.id\"");
    }
}
