package io.quarkiverse.gcache.runtime.remote;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;

import io.quarkiverse.gcache.GCacheCodec;

/**
 * Turns one use case's values into payload bytes and back: JSON through the application's {@code ObjectMapper},
 * written and read as the method's generic return type (never a type named by the payload), or the application's
 * {@link GCacheCodec} for that use case.
 * <p>
 * Written with the declared type, not the value's runtime class: a {@code List<Shape>} is written as a list of
 * {@code Shape}, so {@code @JsonTypeInfo} type ids are in the payload for the reader, which reads that same type.
 * <p>
 * Read strictly: a property the class does not know fails the read (a miss), whatever the application's mapper says,
 * so a value written by an older shape of the class (a renamed field) is never an object with holes. The class's own
 * output is not "unknown" though: a property its serializer writes but its deserializer has no place for (a derived
 * getter such as {@code isAdult()} or {@code getFullName()}) is skipped.
 */
public final class PayloadCodec {

    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final GCacheCodec custom;
    private final Type valueType;
    /**
     * The declared class, when a value of a subclass would not come back as itself: a concrete bean class (written
     * property by property) that carries no type ids. Written as that class, a {@code Dog} returned as {@code Animal}
     * would lose its own properties and a REMOTE hit would hand the caller a plain {@code Animal}; such a value is not
     * written (each call is a miss). A subclass that writes no property of its own (a proxy) is written.
     */
    private final Class<?> exactClass;
    private final ObjectMapper mapper;
    private final Set<String> declaredProperties;
    private final Map<Class<?>, Boolean> subclassLoses = new ConcurrentHashMap<>();

    private PayloadCodec(ObjectMapper mapper, Type valueType, GCacheCodec custom) {
        this.valueType = valueType;
        this.custom = custom;
        this.mapper = mapper;
        if (mapper == null) {
            this.writer = null;
            this.reader = null;
            this.exactClass = null;
            this.declaredProperties = Set.of();
        } else {
            JavaType type = mapper.getTypeFactory().constructType(valueType);
            this.writer = mapper.writerFor(type);
            this.reader = mapper.readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .withHandler(new OwnOutput(mapper));
            this.exactClass = exactClass(mapper, type);
            this.declaredProperties = exactClass == null ? Set.of() : propertiesWritten(mapper, exactClass);
        }
    }

    /** The names {@code mapper} writes for {@code type}, or {@code null} when it is not written as a bean. */
    private static Set<String> propertiesWritten(ObjectMapper mapper, Class<?> type) {
        try {
            JsonSerializer<Object> serializer = mapper.getSerializerProviderInstance().findValueSerializer(type);
            if (!(serializer instanceof BeanSerializerBase)) {
                return null;
            }
            Set<String> names = new HashSet<>();
            serializer.properties().forEachRemaining(property -> names.add(property.getName()));
            return Set.copyOf(names);
        } catch (JsonMappingException e) {
            return null;
        }
    }

    private static Class<?> exactClass(ObjectMapper mapper, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Object.class) {
            return null; // untyped: read back as a Map, as the guide says
        }
        if (type.isContainerType() || type.isReferenceType() || raw.isInterface() || raw.isPrimitive() || raw.isEnum()
                || Modifier.isAbstract(raw.getModifiers()) || Modifier.isFinal(raw.getModifiers())) {
            return null; // no subclass, or one JSON cannot read back anyway (a miss), or a container's own class
        }
        try {
            // @JsonTypeInfo: the payload names the subclass and the reader builds it. A class with a serializer of its
            // own (a Date holding a Timestamp) is written as the declared class, as it always was.
            return mapper.getSerializerProviderInstance().findTypeSerializer(type) == null
                    && propertiesWritten(mapper, raw) != null ? raw : null;
        } catch (JsonMappingException e) {
            return null;
        }
    }

    public static PayloadCodec json(ObjectMapper mapper, Type valueType) {
        return new PayloadCodec(mapper, valueType, null);
    }

    public static PayloadCodec custom(GCacheCodec codec, Type valueType) {
        return new PayloadCodec(null, valueType, codec);
    }

    public byte[] encode(Object value) throws Exception {
        if (custom != null) {
            return custom.encode(value);
        }
        if (exactClass != null && value != null && value.getClass() != exactClass
                && subclassLoses.computeIfAbsent(value.getClass(), this::losesProperties)) {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " is not written as its declared type "
                    + exactClass.getName() + ": read back, it would be a " + exactClass.getSimpleName()
                    + " without its own properties. Declare the value's class as the return type, or give "
                    + exactClass.getSimpleName() + " @JsonTypeInfo");
        }
        return writer.writeValueAsBytes(value);
    }

    /** Whether a value of {@code subclass} writes more than the declared class reads back. */
    private boolean losesProperties(Class<?> subclass) {
        Set<String> own = propertiesWritten(mapper, subclass);
        return own == null || !declaredProperties.containsAll(own);
    }

    public Object decode(byte[] entry, int offset) throws Exception {
        if (custom != null) {
            byte[] payload = new byte[entry.length - offset];
            System.arraycopy(entry, offset, payload, 0, payload.length);
            return custom.decode(payload, valueType);
        }
        return reader.readValue(entry, offset, entry.length - offset);
    }

    /**
     * Skips a property the reader does not know when the class's own serializer writes it; any other unknown
     * property stays an error. Asked only when a payload has an unknown property, so reads of plain values never
     * come here.
     */
    private static final class OwnOutput extends DeserializationProblemHandler {

        private final ObjectMapper mapper;
        private final Map<Class<?>, Set<String>> written = new ConcurrentHashMap<>();

        OwnOutput(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            if (beanOrClass == null) {
                return false;
            }
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            if (!written.computeIfAbsent(type, this::propertiesWritten).contains(propertyName)) {
                return false;
            }
            p.skipChildren();
            return true;
        }

        /** The names the application's mapper writes for {@code type} (with its naming strategy and views). */
        private Set<String> propertiesWritten(Class<?> type) {
            Set<String> names = new HashSet<>();
            try {
                mapper.getSerializerProviderInstance().findValueSerializer(type).properties()
                        .forEachRemaining(property -> names.add(property.getName()));
            } catch (JsonMappingException e) {
                // No serializer: nothing is the class's own output, every unknown property fails as before.
            }
            return Set.copyOf(names);
        }
    }
}
