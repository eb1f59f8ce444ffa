package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/**
 * {@code @GCached} on a method that no CDI bean runs: the build weaves the cache into methods of bean classes only, so
 * this one would run uncached.
 */
public class NotABeanException extends GCacheDefinitionException {

    public NotABeanException(MethodInfo method, String why) {
        super("@GCached is on a method that would never be cached, as GCache weaves only methods of CDI beans: " + why, method,
                "put it on a method of a CDI bean class, e.g. one annotated @ApplicationScoped");
    }
}
