package io.quarkiverse.gcache.runtime.invalidate;

import java.util.concurrent.TimeUnit;

import io.quarkiverse.gcache.runtime.RateLimitedLog;

/**
 * Where an invalidation that could not run is reported: logged (at most once a minute per method and key type) and
 * counted. It never reaches the caller, who gets the method's own result.
 */
public class InvalidationFailures {

    /** Counts failures; the Micrometer one adds to {@code gcache_error_counter_total}. */
    public interface Counter {

        Counter NONE = (method, keyType, error) -> {
        };

        /** {@code method} is the annotated method's {@code SimpleClassName.method}. */
        void count(String method, String keyType, Throwable error);
    }

    private final RateLimitedLog log = new RateLimitedLog(1, TimeUnit.MINUTES);
    private final Counter counter;

    public InvalidationFailures(Counter counter) {
        this.counter = counter;
    }

    void failed(String method, EntityInvalidation entity, Throwable error) {
        counter.count(method, entity.keyType, error);
        log.warn("invalidate:" + method + ":" + entity.keyType, "@GCacheInvalidate(keyType = \"%s\") of %s did not "
                + "invalidate the %s entity: %s; the method's result is unchanged", entity.keyType, method,
                entity.keyType, describe(error));
    }

    private static String describe(Throwable error) {
        return error instanceof EntityInvalidation.NoIdException ? error.getMessage() : error.toString();
    }
}
