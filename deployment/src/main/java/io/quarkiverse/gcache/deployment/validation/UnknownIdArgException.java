package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** {@code @GCached(idArg)} names no parameter of the method. */
public class UnknownIdArgException extends GCacheDefinitionException {

    public UnknownIdArgException(MethodInfo method, String idArg, java.util.List<String> parameters) {
        super("@GCached(idArg = \"" + idArg + "\") names no parameter of the method; its parameters are " + parameters, method,
                "write the name of one of these parameters, or put @GCacheId on it");
    }
}
