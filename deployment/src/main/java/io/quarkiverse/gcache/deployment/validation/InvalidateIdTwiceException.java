package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCacheInvalidate} that names its id twice. */
public class InvalidateIdTwiceException extends GCacheDefinitionException {

    public InvalidateIdTwiceException(MethodInfo method, String keyType, String idArg, String id) {
        super("@GCacheInvalidate(keyType = \"" + keyType + "\") names its id twice: idArg = \"" + idArg + "\" and id = \"" + id
                + "\"", method, "keep one: idArg for a parameter itself, id for a property path into one");
    }
}
