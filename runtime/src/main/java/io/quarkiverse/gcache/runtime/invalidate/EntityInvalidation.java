package io.quarkiverse.gcache.runtime.invalidate;

import java.time.Duration;

import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.PropertyReader;

/**
 * One {@code @GCacheInvalidate} of a method at run time: the key type, the future buffer, and how to take the id from
 * the call's parameters (the parameter at a fixed position, the generated property reader, the adapter), all decided
 * at build time.
 */
final class EntityInvalidation {

    final String keyType;
    final Duration futureBuffer;
    /** How the id is taken, for people: {@code user.id}. */
    final String idSource;
    private final int position;
    private final PropertyReader reader;
    private final GCacheKeyAdapter<Object> adapter;

    EntityInvalidation(String keyType, Duration futureBuffer, String idSource, int position, PropertyReader reader,
            GCacheKeyAdapter<Object> adapter) {
        this.keyType = keyType;
        this.futureBuffer = futureBuffer;
        this.idSource = idSource;
        this.position = position;
        this.reader = reader;
        this.adapter = adapter;
    }

    /** The id's key string; throws {@link NoIdException} when there is none, or what a getter or adapter threw. */
    String id(Object[] params) {
        Object value = params[position];
        if (value != null && reader != null) {
            value = reader.read(value);
        }
        if (value == null) {
            throw new NoIdException("the id (" + idSource + ") is null");
        }
        String id = adapter != null ? adapter.adapt(value) : KeyStrings.render(value);
        if (id == null || id.isEmpty()) {
            throw new NoIdException("the id (" + idSource + ") is " + (id == null ? "null" : "empty"));
        }
        return id;
    }

    /** A call whose id is missing: the entity cannot be named, so nothing is invalidated. */
    static final class NoIdException extends RuntimeException {

        NoIdException(String message) {
            super(message, null, false, false);
        }
    }
}
