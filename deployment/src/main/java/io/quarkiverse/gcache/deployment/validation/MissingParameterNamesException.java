package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** The method was compiled without parameter names, which keys are made of. */
public class MissingParameterNamesException extends GCacheDefinitionException {

    public MissingParameterNamesException(MethodInfo method) {
        super("the parameter names of this method are not in its class file; keys need them", method,
                "compile with -parameters (Maven: <maven.compiler.parameters>true</maven.compiler.parameters>)");
    }
}
