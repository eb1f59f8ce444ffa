package io.quarkiverse.gcache.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads back the generic type the build wrote for a programmatic use case ({@code GCacheHandle<T>}'s {@code T}):
 * binary class names with type arguments and array brackets, e.g. {@code java.util.List<org.acme.Outer$User>} or
 * {@code java.util.Map<java.lang.String,int[]>}. A method's use case finds its type by reflection on the method; a
 * handle has no method, so its type travels as this string. Type variables and wildcards never reach here (the build
 * refuses them).
 */
final class TypeNames {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class);

    private final String text;
    private int pos;

    private TypeNames(String text) {
        this.text = text;
    }

    /** The type {@code name} writes, its classes loaded with the context class loader. */
    static Type parse(String name) {
        TypeNames parser = new TypeNames(name.replace(" ", ""));
        Type type = parser.type();
        if (parser.pos != parser.text.length()) {
            throw new IllegalArgumentException("GCache cannot read the type " + name + " at " + parser.pos);
        }
        return type;
    }

    private Type type() {
        int start = pos;
        while (pos < text.length() && "<>,[".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String raw = text.substring(start, pos);
        Type type = PRIMITIVES.containsKey(raw) ? PRIMITIVES.get(raw) : MethodKeys.load(raw);
        if (pos < text.length() && text.charAt(pos) == '<') {
            List<Type> args = new ArrayList<>();
            do {
                pos++; // '<' or ','
                args.add(type());
            } while (text.charAt(pos) == ',');
            expect('>');
            type = new GenericTypes.Parameterized((Class<?>) type, args.toArray(new Type[0]), null);
        }
        while (pos < text.length() && text.charAt(pos) == '[') {
            pos++;
            expect(']');
            Type component = type;
            type = component instanceof Class<?> c ? Array.newInstance(c, 0).getClass() : new GenericArray(component);
        }
        return type;
    }

    /** An array of a parameterized type, equal to the JDK's own for the same type. */
    private record GenericArray(Type component) implements GenericArrayType {

        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public String getTypeName() {
            return component.getTypeName() + "[]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GenericArrayType a && component.equals(a.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return component.hashCode();
        }

        @Override
        public String toString() {
            return getTypeName();
        }
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw new IllegalArgumentException("GCache cannot read the type " + text + ": '" + c + "' expected at " + pos);
        }
        pos++;
    }
}
