package io.quarkiverse.gcache;

import java.lang.reflect.Type;

/**
 * Replaces the JSON payload codec of the REMOTE layer for the use cases it {@link #handles(String) handles}.
 * Declare it as a CDI bean. GCache still frames the payload with the entry's creation time; the codec only turns
 * the value into bytes and back. A payload it cannot decode must throw: GCache treats that as a miss and
 * overwrites the entry.
 */
public interface GCacheCodec {

    /** Whether this codec encodes the values of {@code useCase}. */
    boolean handles(String useCase);

    /** The bytes of {@code value} (which may be {@code null}). */
    byte[] encode(Object value) throws Exception;

    /** The value of {@code payload}, as the method's generic {@code valueType} (the {@code T} of {@code Uni<T>}). */
    Object decode(byte[] payload, Type valueType) throws Exception;
}
