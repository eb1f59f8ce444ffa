package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Invalidates an entity once the method has written it, as {@link GCache#invalidate(String, Object, java.time.Duration)}
 * would: after the method returns normally, after the {@code Uni} it returns emits its item, or after the
 * {@code CompletionStage} it returns completes normally. A method that throws, a {@code Uni} that fails and a stage
 * that completes exceptionally invalidate nothing.
 *
 * <pre>
 * &#64;GCacheInvalidate(keyType = "user_id", idArg = "id")
 * &#64;GCacheInvalidate(keyType = "org_id", id = "user.orgId", futureBuffer = "2s")
 * public void rename(String id, User user) { ... }
 * </pre>
 *
 * The id is one parameter, named by {@link #idArg()}, or a property path into one, {@link #id()}: its first segment
 * names the parameter, the rest is a path into it as {@link GCacheId#value()} takes it ({@code "user.orgId"} is
 * {@code user.orgId()}, {@code getOrgId()} or the public field {@code orgId} of parameter {@code user}). It is read
 * when the method has returned, so an id the method assigns (a created entity's) is seen. Everything is checked when
 * the application is built. Invalidation fails open: a failure (Redis down, a {@code null} id) is logged and counted,
 * and the caller gets the method's own result.
 */
@InterceptorBinding
@Repeatable(GCacheInvalidate.List.class)
@Retention(RetentionPolicy.RUNTIME)
// TYPE because an interceptor class carries its binding; on an application class it fails the build with the fix.
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface GCacheInvalidate {

    /** The entity type to invalidate, e.g. {@code user_id}: the {@code keyType} of the {@link GCached} methods to reach. */
    @Nonbinding
    String keyType();

    /** The name of the parameter that holds the id. Give this or {@link #id()}. */
    @Nonbinding
    String idArg() default "";

    /**
     * The id as a parameter name followed by a property path, e.g. {@code "user.id"} (parameter {@code user}, its
     * property {@code id}) or {@code "order.customer.id"}; a bare name is the parameter itself. Give this or
     * {@link #idArg()}.
     */
    @Nonbinding
    String id() default "";

    /**
     * An adapter that turns the value found (after the path) into the id, as {@link GCacheId#adapter()} does; use the
     * same one the cached methods of the entity use. {@code GCacheKeyAdapter.class} means none.
     */
    @Nonbinding
    @SuppressWarnings("rawtypes")
    Class<? extends GCacheKeyAdapter> adapter() default GCacheKeyAdapter.class;

    /**
     * Also keeps the entity out of the cache for this long after the invalidation, e.g. {@code "2s"} (for replicas that
     * lag behind the write); {@code ""} is none.
     */
    @Nonbinding
    String futureBuffer() default "";

    /** Holds several {@link GCacheInvalidate} on one method; javac writes it for the repeated annotation. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.TYPE })
    @interface List {

        GCacheInvalidate[] value();
    }
}
