package io.quarkiverse.gcache.runtime.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code @GCacheInvalidate} method as the build worked it out: which method, how it delivers its result, and the
 * entities it invalidates once it has. A bean so that the recorder can hand it from build time to run time.
 */
public class InvalidatingMethodSpec {

    private String methodKey;
    private String name;
    private ReturnKind returnKind = ReturnKind.PLAIN;
    private List<InvalidationSpec> invalidations = new ArrayList<>();

    /** The method key ({@code org.acme.UserService#rename(java.lang.String)}), as {@code MethodKeys} writes it. */
    public String getMethodKey() {
        return methodKey;
    }

    public void setMethodKey(String methodKey) {
        this.methodKey = methodKey;
    }

    /** {@code SimpleClassName.method}, for logs and metrics. */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** When the method has written: on return ({@code PLAIN}, {@code void} too), on the item, on completion. */
    public ReturnKind getReturnKind() {
        return returnKind;
    }

    public void setReturnKind(ReturnKind returnKind) {
        this.returnKind = returnKind;
    }

    /** One per annotation, in declaration order. */
    public List<InvalidationSpec> getInvalidations() {
        return invalidations;
    }

    public void setInvalidations(List<InvalidationSpec> invalidations) {
        this.invalidations = invalidations;
    }
}
