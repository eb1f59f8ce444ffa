package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A key part's property path does not exist on the parameter's type. */
public class UnknownPropertyException extends GCacheDefinitionException {

    public UnknownPropertyException(MethodInfo method, String parameter, String path, String type, String segment) {
        super("the property path \"" + path + "\" of parameter " + parameter + " does not exist: " + type + " has no accessible property \"" + segment + "\"", method,
                "name a record component, a public getter or a public field of " + type + ", or use an adapter");
    }
}
