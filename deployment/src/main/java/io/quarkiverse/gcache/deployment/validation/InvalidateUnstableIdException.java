package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCacheInvalidate} id without a stable string form, so it could never name the entries to invalidate. */
public class InvalidateUnstableIdException extends GCacheDefinitionException {

    public InvalidateUnstableIdException(MethodInfo method, String keyType, String source, String type, String why) {
        super("the id " + source + " of @GCacheInvalidate(keyType = \"" + keyType + "\") is of type " + type
                + ", which cannot name an entity: " + why, method,
                "point the id at a stable value (id = \"user.id\"), or give it the adapter the @GCached methods use (adapter = X.class)");
    }
}
