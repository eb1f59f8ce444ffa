package io.quarkiverse.gcache;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a parameter of a {@link GCached} method out of the cache key (a logger, a request context, a
 * tracing handle): calls that differ only in this parameter share one entry.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface GCacheIgnore {
}
