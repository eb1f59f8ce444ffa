package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code keyType} that keys cannot carry. */
public class InvalidKeyTypeException extends GCacheDefinitionException {

    public InvalidKeyTypeException(MethodInfo method, String keyType) {
        super("@GCached(keyType = \"" + keyType + "\") is not a valid key type", method,
                "use letters, digits, \"_\", \".\" and \"-\" only, e.g. keyType = \"user_id\"");
    }
}
