package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Caches the result of a bean method in two layers, LOCAL (in-process Caffeine) then REMOTE (Redis),
 * but only while an enable scope is active ({@link GCacheEnabled}, {@link GCache#enable()}).
 * <p>
 * The method's return type may be a plain value, a {@code Uni<T>} or a {@code CompletionStage<T>}; the cached
 * value is the {@code T}. Every key names the entity the method is about ({@link #keyType()} and an id taken
 * from the parameter marked {@link GCacheId} or named by {@link #idArg()}), the other parameters as arguments,
 * and the {@link #useCase()}. Everything an annotation says is checked when the application is built.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
// TYPE so that @GCached on a class fails the build with a message that names the fix, not javac's bare error.
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface GCached {

    /** The entity type the method is about, e.g. {@code user_id}; matches {@code [A-Za-z0-9_.-]+}. */
    @Nonbinding
    String keyType();

    /**
     * The use case: the name of this cache in keys, configuration and metrics. Defaults to
     * {@code SimpleClassName.methodName}; unique in the application; {@code watermark} is reserved.
     */
    @Nonbinding
    String useCase() default "";

    /** The name of the parameter that holds the id; the alternative to {@link GCacheId} on that parameter. */
    @Nonbinding
    String idArg() default "";

    /** The LOCAL layer's defaults; without a ttl the layer is off unless configuration turns it on. */
    @Nonbinding
    Layer local() default @Layer;

    /** The REMOTE layer's defaults; without a ttl the layer is off unless configuration turns it on. */
    @Nonbinding
    Layer remote() default @Layer;

    /** Whether {@link GCache#invalidate(String, Object)} of the entity reaches this use case's entries. */
    @Nonbinding
    boolean trackForInvalidation() default true;

    /**
     * The deadline of a fill, e.g. {@code "2s"}: a caller that finds another caller computing the same key waits at
     * most this long (from when that computation started) and then runs the method itself, so no caller waits forever
     * on another one's call. {@code ""} is the default, {@code 60s}. Set, it also bounds a {@code Uni} or
     * {@code CompletionStage} method: past it the call fails with {@link GCacheFallbackTimeoutException} and a late
     * result is not cached (a blocking method cannot be stopped). Overridden at run time by
     * {@code quarkus.gcache.use-case."X".fallback-timeout}.
     */
    @Nonbinding
    String fallbackTimeout() default "";

    /**
     * Stale on error (SPEC §13), e.g. {@code "10m"}: REMOTE entries are kept in Redis this long, and when the method
     * fails with an exception the policy accepts ({@code quarkus.gcache.use-case."X".stale-on-error.on}, or a
     * {@link GCacheStaleRecoveryPolicy} bean), an entry older than the REMOTE TTL but younger than this is returned
     * instead of the exception. Must be longer than the REMOTE TTL. {@code ""} (the default) turns it off.
     * Overridden by {@code quarkus.gcache.use-case."X".stale-on-error.max-age}.
     */
    @Nonbinding
    String staleOnErrorMaxAge() default "";

    /**
     * Whether results are also kept for the rest of the outermost enable scope (the request), in front of LOCAL: the
     * same call made again in that scope, or by the {@code Uni}s it runs, reads the first result. Dropped when the
     * scope ends; never seen by another scope. Overridden at run time by
     * {@code quarkus.gcache.use-case."X".request-local.enabled}.
     */
    @Nonbinding
    boolean requestLocal() default false;

    /**
     * Whether concurrent calls of the same key share one fill: inside one scope (before the request-local lookup)
     * and inside the process (before LOCAL and REMOTE). {@code false}: every caller runs its own fill. Overridden at
     * run time by {@code quarkus.gcache.use-case."X".coalesce}.
     */
    @Nonbinding
    boolean coalesce() default true;

    /**
     * The share of keys, 0 to 100, whose REMOTE hits are checked against the method in the background (shadow
     * validation, SPEC §12): a key is in that cohort when a stable hash of its Redis key falls inside the ramp.
     * {@code 0} (the default) turns it off. Overridden at run time by {@code quarkus.gcache.use-case."X".shadow.ramp}.
     */
    @Nonbinding
    int shadowRamp() default 0;

    /**
     * Decides whether a cached value and the method's current value are the same, for shadow validation; a CDI bean
     * (or a class with a no-argument constructor) whose type argument fits the method's value type (checked at build
     * time). The default, {@link GCacheShadowComparator} itself, means: {@code equals} when the value's class
     * overrides it, else the two values' JSON trees.
     */
    @Nonbinding
    @SuppressWarnings("rawtypes")
    Class<? extends GCacheShadowComparator> shadowComparator() default GCacheShadowComparator.class;

    /**
     * The defaults of one layer, overridden at run time by {@code quarkus.gcache.use-case."X".<layer>.*}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Layer {

        /** How long an entry lives: {@code "60s"}, {@code "PT1H"}, {@code "1h"}; {@code ""} or {@code "0"} turns the layer off. */
        String ttl() default "";

        /** The share of requests, 0 to 100, that use this layer. */
        int ramp() default 100;
    }
}
