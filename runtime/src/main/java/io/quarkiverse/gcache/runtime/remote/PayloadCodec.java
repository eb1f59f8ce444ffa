package io.quarkiverse.gcache.runtime.remote;

import java.lang.reflect.Type;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.quarkiverse.gcache.GCacheCodec;

/**
 * Turns one use case's values into payload bytes and back: JSON through the application's {@code ObjectMapper},
 * read back into the method's generic return type (never a type named by the payload), or the application's
 * {@link GCacheCodec} for that use case.
 */
public final class PayloadCodec {

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final GCacheCodec custom;
    private final Type valueType;

    private PayloadCodec(ObjectMapper mapper, Type valueType, GCacheCodec custom) {
        this.mapper = mapper;
        this.valueType = valueType;
        this.custom = custom;
        // Strict about unknown properties, whatever the application's mapper says: a value written by an older
        // shape of the class (a renamed field) must be a miss, not an object with holes.
        this.reader = mapper == null ? null
                : mapper.readerFor(mapper.getTypeFactory().constructType(valueType))
                        .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static PayloadCodec json(ObjectMapper mapper, Type valueType) {
        return new PayloadCodec(mapper, valueType, null);
    }

    public static PayloadCodec custom(GCacheCodec codec, Type valueType) {
        return new PayloadCodec(null, valueType, codec);
    }

    public byte[] encode(Object value) throws Exception {
        return custom != null ? custom.encode(value) : mapper.writeValueAsBytes(value);
    }

    public Object decode(byte[] entry, int offset) throws Exception {
        if (custom != null) {
            byte[] payload = new byte[entry.length - offset];
            System.arraycopy(entry, offset, payload, 0, payload.length);
            return custom.decode(payload, valueType);
        }
        return reader.readValue(entry, offset, entry.length - offset);
    }
}
