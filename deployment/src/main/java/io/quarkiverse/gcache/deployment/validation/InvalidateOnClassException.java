package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.ClassInfo;

/** {@code @GCacheInvalidate} on a class: each write method names the entity it writes. */
public class InvalidateOnClassException extends GCacheDefinitionException {

    public InvalidateOnClassException(ClassInfo clazz) {
        super("@GCacheInvalidate is on a class", clazz,
                "put @GCacheInvalidate on each method that writes an entity, with the keyType and id of that entity");
    }
}
