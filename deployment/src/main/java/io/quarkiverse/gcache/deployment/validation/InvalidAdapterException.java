package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A key adapter that GCache cannot create. */
public class InvalidAdapterException extends GCacheDefinitionException {

    public InvalidAdapterException(MethodInfo method, String parameter, String adapter) {
        super("the adapter " + adapter + " of parameter " + parameter + " can be neither looked up as a bean nor created", method,
                "make it a CDI bean (e.g. @ApplicationScoped) or a public class with a public no-argument constructor, and make it a concrete class");
    }
}
