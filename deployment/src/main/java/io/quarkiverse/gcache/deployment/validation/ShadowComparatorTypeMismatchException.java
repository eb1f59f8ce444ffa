package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/** A shadow comparator whose type argument does not take the method's value type: every check would fail. */
public class ShadowComparatorTypeMismatchException extends GCacheDefinitionException {

    public ShadowComparatorTypeMismatchException(MethodInfo method, String comparator, String compares,
            String valueType) {
        super("the shadowComparator " + comparator + " compares " + compares + ", but the method's value type is "
                + valueType + ", so every shadow check would fail", method,
                "use a comparator of " + valueType + " (GCacheShadowComparator<" + valueType
                        + ">) or of one of its supertypes");
    }
}
