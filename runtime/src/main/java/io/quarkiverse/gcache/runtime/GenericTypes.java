package io.quarkiverse.gcache.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.quarkiverse.gcache.GCacheCodec;

/**
 * A method's generic return type as seen from the bean class: {@code T find(...)} declared in {@code Repo<T>} is a
 * {@code User} for {@code UserRepo extends Repo<User>}, and {@code List<T>} a {@code List<User>}. REMOTE reads values
 * back as this type, so each bean that inherits a method reads back its own type. A type variable of the method
 * itself ({@code <T> T get(...)}) stays unbound: such a use case, like one that returns {@code Object}, cannot use
 * REMOTE ({@link #unreadable(String, Type)}).
 */
final class GenericTypes {

    private GenericTypes() {
    }

    /** {@code type}, written in {@code declaring}, with the type variables {@code bean} binds replaced. */
    static Type resolve(Type type, Class<?> declaring, Class<?> bean) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> c = bean; c != null && c != declaring; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p) {
                TypeVariable<?>[] variables = c.getSuperclass().getTypeParameters();
                for (int i = 0; i < variables.length; i++) {
                    bindings.put(variables[i], p.getActualTypeArguments()[i]);
                }
            }
        }
        return substitute(type, bindings);
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            // A superclass's variable may be bound to a variable of a class further down: follow the chain.
            return bound == null ? v : substitute(bound, bindings);
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = substitute(args[i], bindings);
            }
            return new Parameterized((Class<?>) p.getRawType(), args, p.getOwnerType());
        }
        if (type instanceof GenericArrayType a) {
            Type component = substitute(a.getGenericComponentType(), bindings);
            return component instanceof Class<?> c ? Array.newInstance(c, 0).getClass() : (GenericArrayType) () -> component;
        }
        return type; // a class, or a wildcard (kept as declared)
    }

    /**
     * Whether REMOTE cannot read a payload back as {@code type}: it holds a type variable no class binds, or it is
     * {@code Object} (JSON would give the caller a {@code LinkedHashMap} instead of the object the method returned).
     */
    static boolean unreadable(Type type) {
        return type == Object.class || hasTypeVariable(type);
    }

    /** Whether {@code type} still holds a type variable. */
    static boolean hasTypeVariable(Type type) {
        if (type instanceof TypeVariable<?>) {
            return true;
        }
        if (type instanceof ParameterizedType p) {
            return Arrays.stream(p.getActualTypeArguments()).anyMatch(GenericTypes::hasTypeVariable);
        }
        if (type instanceof GenericArrayType a) {
            return hasTypeVariable(a.getGenericComponentType());
        }
        if (type instanceof WildcardType w) {
            return Arrays.stream(w.getUpperBounds()).anyMatch(GenericTypes::hasTypeVariable)
                    || Arrays.stream(w.getLowerBounds()).anyMatch(GenericTypes::hasTypeVariable);
        }
        return false;
    }

    /**
     * The codec of a use case whose value type is unbound: it neither writes nor reads, so REMOTE never hands the
     * caller a value of another type (the build refuses REMOTE in the annotation; this covers REMOTE turned on by
     * configuration). Each call is a REMOTE miss and the method's own result is returned.
     */
    static GCacheCodec unreadable(String useCase, Type valueType) {
        String why = "use case " + useCase + " returns " + valueType.getTypeName()
                + ", which names no type to read a value back as, so REMOTE is off for it: keep it LOCAL only";
        return new GCacheCodec() {
            @Override
            public boolean handles(String name) {
                return useCase.equals(name);
            }

            @Override
            public byte[] encode(Object value) {
                throw new UnsupportedOperationException(why);
            }

            @Override
            public Object decode(byte[] payload, Type type) {
                throw new UnsupportedOperationException(why);
            }
        };
    }

    /** A parameterized type with its variables bound, equal to the JDK's own for the same type. */
    record Parameterized(Class<?> raw, Type[] args, Type owner) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType()) && Objects.equals(owner, p.getOwnerType())
                    && Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String getTypeName() {
            StringBuilder s = new StringBuilder(raw.getTypeName()).append('<');
            for (int i = 0; i < args.length; i++) {
                s.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
            }
            return s.append('>').toString();
        }

        @Override
        public String toString() {
            return getTypeName();
        }
    }
}
