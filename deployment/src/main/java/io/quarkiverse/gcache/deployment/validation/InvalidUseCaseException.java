package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A {@code useCase} name that keys cannot carry. */
public class InvalidUseCaseException extends GCacheDefinitionException {

    public InvalidUseCaseException(MethodInfo method, String useCase) {
        super("the use case name \"" + useCase + "\" is not valid", method,
                "use letters, digits, \"_\", \".\" and \"-\" only, e.g. useCase = \"GetUserProfile\"");
    }
}
