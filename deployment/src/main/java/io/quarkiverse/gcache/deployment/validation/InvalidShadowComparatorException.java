package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A shadow comparator GCache cannot create: not a bean, and no public class with a public no-argument constructor. */
public class InvalidShadowComparatorException extends GCacheDefinitionException {

    public InvalidShadowComparatorException(MethodInfo method, String comparator) {
        super("the shadowComparator " + comparator + " can be neither looked up nor created", method,
                "make " + comparator + " a concrete bean (@ApplicationScoped or @Singleton), or a public class with a "
                        + "public no-argument constructor");
    }
}
