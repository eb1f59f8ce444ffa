package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link GCached} method that holds the entity's id.
 * <p>
 * {@code @GCacheId} takes the argument itself; {@code @GCacheId("a.b")} follows a property path (record
 * accessor, getter or public field) from it; {@code @GCacheId(adapter = X.class)} turns it into a string with a
 * {@link GCacheKeyAdapter}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface GCacheId {

    /** A property path into the argument, e.g. {@code "id"} or {@code "account.id"}; empty takes the argument. */
    String value() default "";

    /** An adapter that turns the argument (after the path) into the id; {@code GCacheKeyAdapter.class} means none. */
    @SuppressWarnings("rawtypes")
    Class<? extends GCacheKeyAdapter> adapter() default GCacheKeyAdapter.class;
}
