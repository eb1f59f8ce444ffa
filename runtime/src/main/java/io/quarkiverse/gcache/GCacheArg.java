package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Transforms a key argument of a {@link GCached} method: a property path into it, or an adapter that gives its
 * key string. Parameters without an annotation are key arguments too, taken as they are.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface GCacheArg {

    /** A property path into the argument, e.g. {@code "status"}; empty takes the argument. */
    String value() default "";

    /** An adapter that turns the argument (after the path) into its key string; {@code GCacheKeyAdapter.class} means none. */
    @SuppressWarnings("rawtypes")
    Class<? extends GCacheKeyAdapter> adapter() default GCacheKeyAdapter.class;
}
