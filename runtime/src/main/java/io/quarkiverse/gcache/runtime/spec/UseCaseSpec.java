package io.quarkiverse.gcache.runtime.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a {@code @GCached} method's annotation says, worked out at build time and handed to the runtime
 * as data: the use case, the entity, how each key part is taken from the parameters, the layers' defaults and
 * the return kind. A bean so that the recorder can hand it from build time to run time.
 */
public class UseCaseSpec {

    private String useCase;
    private String keyType;
    private boolean tracked = true;
    private String declaringClass;
    private String beanClass;
    private String methodName;
    private String signature;
    private String methodKey;
    private ReturnKind returnKind = ReturnKind.PLAIN;
    private boolean programmatic;
    private String valueType;
    private KeyPartSpec id;
    private List<KeyPartSpec> args = new ArrayList<>();
    private List<String> ignored = new ArrayList<>();
    private String localTtl = "";
    private int localRamp = 100;
    private String remoteTtl = "";
    private int remoteRamp = 100;
    private String fallbackTimeout = "";
    private String staleOnErrorMaxAge = "";
    private boolean requestLocal;
    private boolean coalesce = true;
    private int shadowRamp;
    private String shadowComparator;

    public UseCaseSpec() {
    }

    /** The use case's name. */
    public String getUseCase() {
        return useCase;
    }

    public void setUseCase(String useCase) {
        this.useCase = useCase;
    }

    /** The entity type. */
    public String getKeyType() {
        return keyType;
    }

    public void setKeyType(String keyType) {
        this.keyType = keyType;
    }

    /** Whether invalidation of the entity reaches this use case. */
    public boolean isTracked() {
        return tracked;
    }

    public void setTracked(boolean tracked) {
        this.tracked = tracked;
    }

    /** The class that declares the method (the bean class, or a superclass of it). */
    public String getDeclaringClass() {
        return declaringClass;
    }

    public void setDeclaringClass(String declaringClass) {
        this.declaringClass = declaringClass;
    }

    /**
     * The bean class whose calls this use case caches: the declaring class, or a bean class that inherits the method
     * (each such bean has its own use case). The value type's type variables are bound as this class binds them.
     */
    public String getBeanClass() {
        return beanClass;
    }

    public void setBeanClass(String beanClass) {
        this.beanClass = beanClass;
    }

    /** The method's name. */
    public String getMethodName() {
        return methodName;
    }

    public void setMethodName(String methodName) {
        this.methodName = methodName;
    }

    /** The method for people: {@code UserService.profile(String)}. */
    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature;
    }

    /** The method, by name and erased parameter types: {@code org.acme.UserService#profile(java.lang.String)}. */
    public String getMethodKey() {
        return methodKey;
    }

    public void setMethodKey(String methodKey) {
        this.methodKey = methodKey;
    }

    /** How the method delivers its value. */
    public ReturnKind getReturnKind() {
        return returnKind;
    }

    public void setReturnKind(ReturnKind returnKind) {
        this.returnKind = returnKind;
    }

    /**
     * Whether the use case is declared by {@code GCacheHandle} injection points rather than a method: it has no method
     * key, its id is the handle call's id and its arguments come per call by name.
     */
    public boolean isProgrammatic() {
        return programmatic;
    }

    public void setProgrammatic(boolean programmatic) {
        this.programmatic = programmatic;
    }

    /** The cached value's generic type, as Java source writes it: {@code java.util.List<org.acme.Post>}. */
    public String getValueType() {
        return valueType;
    }

    public void setValueType(String valueType) {
        this.valueType = valueType;
    }

    /** How the id is taken. */
    public KeyPartSpec getId() {
        return id;
    }

    public void setId(KeyPartSpec id) {
        this.id = id;
    }

    /** The key arguments, sorted by name. */
    public List<KeyPartSpec> getArgs() {
        return args;
    }

    public void setArgs(List<KeyPartSpec> args) {
        this.args = args;
    }

    /** The names of the parameters left out of the key. */
    public List<String> getIgnored() {
        return ignored;
    }

    public void setIgnored(List<String> ignored) {
        this.ignored = ignored;
    }

    /** The annotation's LOCAL ttl ({@code ""} is off). */
    public String getLocalTtl() {
        return localTtl;
    }

    public void setLocalTtl(String localTtl) {
        this.localTtl = localTtl;
    }

    /** The annotation's LOCAL ramp. */
    public int getLocalRamp() {
        return localRamp;
    }

    public void setLocalRamp(int localRamp) {
        this.localRamp = localRamp;
    }

    /** The annotation's REMOTE ttl ({@code ""} is off). */
    public String getRemoteTtl() {
        return remoteTtl;
    }

    public void setRemoteTtl(String remoteTtl) {
        this.remoteTtl = remoteTtl;
    }

    /** The annotation's REMOTE ramp. */
    public int getRemoteRamp() {
        return remoteRamp;
    }

    public void setRemoteRamp(int remoteRamp) {
        this.remoteRamp = remoteRamp;
    }

    /** The annotation's {@code fallbackTimeout} ({@code ""} is the default, 60s). */
    public String getFallbackTimeout() {
        return fallbackTimeout;
    }

    public void setFallbackTimeout(String fallbackTimeout) {
        this.fallbackTimeout = fallbackTimeout;
    }

    /** The annotation's {@code staleOnErrorMaxAge} ({@code ""}: stale on error is off unless configured). */
    public String getStaleOnErrorMaxAge() {
        return staleOnErrorMaxAge;
    }

    public void setStaleOnErrorMaxAge(String staleOnErrorMaxAge) {
        this.staleOnErrorMaxAge = staleOnErrorMaxAge;
    }

    /** The annotation's {@code requestLocal}: whether the request-local tier is on unless configuration says otherwise. */
    public boolean isRequestLocal() {
        return requestLocal;
    }

    public void setRequestLocal(boolean requestLocal) {
        this.requestLocal = requestLocal;
    }

    /** The annotation's {@code coalesce}: whether concurrent calls of one key share a fill. */
    public boolean isCoalesce() {
        return coalesce;
    }

    public void setCoalesce(boolean coalesce) {
        this.coalesce = coalesce;
    }

    /** The annotation's {@code shadowRamp}: the default share of keys checked by shadow validation (SPEC §12). */
    public int getShadowRamp() {
        return shadowRamp;
    }

    public void setShadowRamp(int shadowRamp) {
        this.shadowRamp = shadowRamp;
    }

    /** The class of the annotation's {@code shadowComparator}, or {@code null} for the default equality. */
    public String getShadowComparator() {
        return shadowComparator;
    }

    public void setShadowComparator(String shadowComparator) {
        this.shadowComparator = shadowComparator;
    }
}
