package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

/**
 * Declares a use case for code that cannot be annotated with {@link GCached}: qualifies an injected
 * {@link GCacheHandle}, whose {@code T} (with its generic arguments) is the cached value's type.
 *
 * <pre>
 * &#64;Inject
 * &#64;GCacheUseCase(keyType = "user_id", value = "GetUser", local = &#64;GCached.Layer(ttl = "60s"))
 * GCacheHandle&lt;User&gt; users;
 * </pre>
 *
 * The use case is declared when the application is built, like a {@code @GCached} method's: it has the same
 * configuration ({@code quarkus.gcache.use-case."GetUser".*}), metrics, Dev UI row and invalidation, and its mistakes
 * fail the build. Injection points with the same name, key type and {@code T} share one use case; the layer defaults,
 * tracking and fallback timeout are read from one of them and must agree across them.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER })
public @interface GCacheUseCase {

    /** The use case's name, unique in the application; matches {@code [A-Za-z0-9_.-]+}; {@code watermark} is reserved. */
    String value();

    /** The entity type the use case is about, e.g. {@code user_id}; matches {@code [A-Za-z0-9_.-]+}. */
    String keyType();

    /** The LOCAL layer's defaults, as for {@link GCached#local()}. */
    @Nonbinding
    GCached.Layer local() default @GCached.Layer;

    /** The REMOTE layer's defaults, as for {@link GCached#remote()}. */
    @Nonbinding
    GCached.Layer remote() default @GCached.Layer;

    /** Whether {@link GCache#invalidate(String, Object)} of the entity reaches this use case's entries. */
    @Nonbinding
    boolean trackForInvalidation() default true;

    /** The deadline of a fill another caller waits for, as for {@link GCached#fallbackTimeout()}. */
    @Nonbinding
    String fallbackTimeout() default "";
}
