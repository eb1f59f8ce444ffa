package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A key adapter whose type argument does not take the parameter's type: it would fail every call. */
public class AdapterTypeMismatchException extends GCacheDefinitionException {

    public AdapterTypeMismatchException(MethodInfo method, String parameter, String adapter, String adapts,
            String type) {
        super("the adapter " + adapter + " adapts " + adapts + ", but parameter " + parameter + " is of type " + type
                + ", so it would fail every call", method,
                "use an adapter of " + type + " (GCacheKeyAdapter<" + type + ">), or point a property path at a value of "
                        + adapts);
    }
}
