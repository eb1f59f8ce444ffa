package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCacheInvalidate(keyType)} that keys cannot carry. */
public class InvalidateKeyTypeException extends GCacheDefinitionException {

    public InvalidateKeyTypeException(MethodInfo method, String keyType) {
        super("@GCacheInvalidate(keyType = \"" + keyType + "\") is not a valid key type", method,
                "use letters, digits, \"_\", \".\" and \"-\" only, the keyType of the @GCached methods to reach, e.g. keyType = \"user_id\"");
    }
}
