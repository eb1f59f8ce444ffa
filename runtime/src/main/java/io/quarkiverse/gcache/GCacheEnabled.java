package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Enables GCache for everything a call runs: nested bean calls; code it runs on its Vert.x duplicated context from
 * another thread ({@code executeBlocking}) while the call lasts; the {@code Uni} it returns, on whatever thread it
 * continues; and the continuations of a {@code CompletionStage} it returns where they run through Context
 * Propagation (a managed executor), not on a plain JDK executor. Put it on REST resources (class or method) that may
 * read cached data; {@code @GCacheEnabled(false)} turns caching off inside, e.g. on write paths. See
 * {@link GCache#enabled} for which {@code Uni}s a scope covers.
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
