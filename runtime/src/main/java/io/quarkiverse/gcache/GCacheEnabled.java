package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Enables GCache for everything a call runs: nested bean calls, and the {@code Uni} or {@code CompletionStage}
 * it returns, on whatever thread they complete. Put it on REST resources (class or method) that may read
 * cached data; {@code @GCacheEnabled(false)} turns caching off inside, e.g. on write paths.
 */
@InterceptorBinding
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface GCacheEnabled {

    /** {@code true} enables caching for the call, {@code false} disables it. */
    @Nonbinding
    boolean value() default true;
}
