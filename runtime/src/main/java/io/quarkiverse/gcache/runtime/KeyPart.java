package io.quarkiverse.gcache.runtime;

import java.util.function.Function;

import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.runtime.key.KeyStrings;
import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;

/**
 * Takes one part of a key (the id or one argument) from a call's parameters: the parameter at a fixed
 * position, then the generated property reader, then the adapter, all decided at build time.
 */
final class KeyPart {

    final String name;
    private final int position;
    private final PropertyReader reader;
    private final GCacheKeyAdapter<Object> adapter;
    private final boolean valueKey;

    KeyPart(String name, int position, PropertyReader reader, GCacheKeyAdapter<Object> adapter, boolean valueKey) {
        this.name = name;
        this.position = position;
        this.reader = reader;
        this.adapter = adapter;
        this.valueKey = valueKey;
    }

    /** The key part a build-time spec describes; its reader and adapter are created by class name. */
    @SuppressWarnings("unchecked")
    static KeyPart of(KeyPartSpec spec, Function<String, Object> instantiate) {
        PropertyReader reader = spec.getReaderClass() == null ? null
                : (PropertyReader) instantiate.apply(spec.getReaderClass());
        GCacheKeyAdapter<Object> adapter = spec.getAdapterClass() == null ? null
                : (GCacheKeyAdapter<Object>) instantiate.apply(spec.getAdapterClass());
        return new KeyPart(spec.getName(), spec.getPosition(), reader, adapter, spec.isValueKey());
    }

    /** The id's key string; throws {@link KeyException} when it is null or empty. */
    String id(Object[] params) {
        Object value = read(params);
        if (value == null) {
            throw new KeyException(idSource(params) + " is null");
        }
        String id = adapter != null ? adapt(value) : KeyStrings.render(value);
        if (id.isEmpty()) {
            throw new KeyException(idSource(params) + " is empty");
        }
        return id;
    }

    /** Where the id comes from, as a log says it: the parameter, or a property read from it. */
    private String idSource(Object[] params) {
        return reader == null || params[position] == null ? "the id parameter '" + name + "'"
                : "the id read from the parameter '" + name + "'";
    }

    /** The argument's value in the LOCAL key: the value itself where its equals matches its key string. */
    Object argument(Object[] params) {
        Object value = read(params);
        if (value == null) {
            return null;
        }
        if (adapter != null) {
            return adapt(value);
        }
        return valueKey ? value : KeyStrings.render(value);
    }

    private Object read(Object[] params) {
        Object value = params[position];
        return reader == null || value == null ? value : reader.read(value);
    }

    private String adapt(Object value) {
        String s = adapter.adapt(value);
        if (s == null || s.isEmpty()) {
            throw new KeyException("the adapter " + adapter.getClass().getName() + " gave " + (s == null ? "null" : "\"\"")
                    + " for " + name);
        }
        return s;
    }
}
