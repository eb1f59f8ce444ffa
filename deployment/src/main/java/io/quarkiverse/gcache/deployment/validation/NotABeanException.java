package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached} on a method that no CDI bean exposes, so GCache never sees its calls. */
public class NotABeanException extends GCacheDefinitionException {

    public NotABeanException(MethodInfo method, String why) {
        super("@GCached is on a method that is not intercepted: " + why, method,
                "put it on a method of a CDI bean class, e.g. one annotated @ApplicationScoped");
    }
}
