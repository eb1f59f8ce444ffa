package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code @GCacheInvalidate} whose id names no parameter of the method. */
public class InvalidateUnknownParameterException extends GCacheDefinitionException {

    public InvalidateUnknownParameterException(MethodInfo method, String member, String parameter, java.util.List<String> parameters) {
        super("@GCacheInvalidate(" + member + ") names the parameter \"" + parameter + "\", which the method does not have; its"
                + " parameters are " + parameters, method,
                "start the id with the name of one of these parameters (id = \"user.id\" is the property id of parameter user)");
    }
}
