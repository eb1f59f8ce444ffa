package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.PrimitiveType;
import org.jboss.jandex.Type;
import org.jboss.jandex.TypeVariable;

/**
 * Generic types seen from a key part: the type variables of a class bound by the type arguments of a subclass
 * ({@code Account extends BaseEntity<String>} makes {@code ID getId()} a {@code String}), the element type of a
 * collection class ({@code class Tags extends ArrayList<String>}), the type an adapter takes.
 */
final class KeyPartTypes {

    private final IndexView index;

    KeyPartTypes(IndexView index) {
        this.index = index;
    }

    /** The bindings of {@code clazz}'s type variables in {@code type} (empty when raw or not generic). */
    static Map<String, Type> bindings(ClassInfo clazz, Type type) {
        Map<String, Type> bindings = new HashMap<>();
        if (type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            List<TypeVariable> params = clazz.typeParameters();
            List<Type> args = type.asParameterizedType().arguments();
            for (int i = 0; i < params.size() && i < args.size(); i++) {
                bindings.put(params.get(i).identifier(), args.get(i));
            }
        }
        return bindings;
    }

    /** {@code type} with the bound type variables replaced, in type arguments too ({@code List<ID>}). */
    static Type substitute(Type type, Map<String, Type> bindings) {
        if (bindings.isEmpty()) {
            return type;
        }
        switch (type.kind()) {
            case TYPE_VARIABLE:
                return bindings.getOrDefault(type.asTypeVariable().identifier(), type);
            case UNRESOLVED_TYPE_VARIABLE:
                return bindings.getOrDefault(type.asUnresolvedTypeVariable().identifier(), type);
            case TYPE_VARIABLE_REFERENCE:
                return bindings.getOrDefault(type.asTypeVariableReference().identifier(), type);
            case PARAMETERIZED_TYPE:
                ParameterizedType p = type.asParameterizedType();
                List<Type> args = new ArrayList<>(p.arguments().size());
                for (Type arg : p.arguments()) {
                    args.add(substitute(arg, bindings));
                }
                return ParameterizedType.create(p.name(), args.toArray(Type[]::new), p.owner());
            default:
                return type;
        }
    }

    /** Whether {@code type} names a generic class without type arguments ({@code List}, {@code Vector}). */
    boolean isRaw(Type type) {
        if (type.kind() != Type.Kind.CLASS) {
            return false;
        }
        ClassInfo info = index.getClassByName(type.name());
        return info != null && !info.typeParameters().isEmpty();
    }

    /**
     * The type arguments of {@code target} as a supertype of {@code type} ({@code [String]} for {@code List} of
     * {@code class Tags extends ArrayList<String>}), or {@code null} when {@code type} is no {@code target}. A type
     * variable left unbound stays in the result.
     */
    List<Type> supertypeArguments(Type type, DotName target) {
        if (type.kind() != Type.Kind.CLASS && type.kind() != Type.Kind.PARAMETERIZED_TYPE) {
            return null;
        }
        ClassInfo info = index.getClassByName(type.name());
        if (info == null) {
            return null;
        }
        if (info.name().equals(target)) {
            return type.kind() == Type.Kind.PARAMETERIZED_TYPE ? type.asParameterizedType().arguments()
                    : new ArrayList<Type>(info.typeParameters());
        }
        Map<String, Type> bindings = bindings(info, type);
        List<Type> supertypes = new ArrayList<>(info.interfaceTypes());
        if (info.superClassType() != null) {
            supertypes.add(0, info.superClassType());
        }
        for (Type supertype : supertypes) {
            List<Type> found = supertypeArguments(substitute(supertype, bindings), target);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether {@code type} is {@code target} or a subtype of it. */
    boolean isSubtype(Type type, DotName target) {
        return supertypeArguments(type, target) != null;
    }

    /** Whether a value of {@code type} may be passed where {@code target} is declared (boxing a primitive). */
    boolean isAssignable(Type type, DotName target) {
        if (target.equals(GCacheDotNames.OBJECT)) {
            return true;
        }
        Type boxed = type.kind() == Type.Kind.PRIMITIVE ? PrimitiveType.box(type.asPrimitiveType()) : type;
        if ((boxed.kind() != Type.Kind.CLASS && boxed.kind() != Type.Kind.PARAMETERIZED_TYPE)
                || index.getClassByName(boxed.name()) == null) {
            return true; // a type variable, an array, a class the build cannot see: nothing to say
        }
        return isSubtype(boxed, target);
    }
}
