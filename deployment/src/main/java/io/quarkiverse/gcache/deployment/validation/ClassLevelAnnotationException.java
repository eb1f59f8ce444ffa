package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.ClassInfo;

/** {@code @GCached} on a class: every cached method declares its own entity and use case. */
public class ClassLevelAnnotationException extends GCacheDefinitionException {

    public ClassLevelAnnotationException(ClassInfo clazz) {
        super("@GCached is on a class", clazz,
                "put @GCached on each method to cache, each with its own keyType and id");
    }
}
