package io.quarkiverse.gcache.deployment;

import java.util.List;

import org.jboss.jandex.ArrayType;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.Type;
import org.jboss.jandex.TypeVariable;

import io.quarkus.deployment.util.JandexUtil;

/**
 * A method's return type as a bean class sees it: {@code T find(...)} declared in {@code Repo<T>} returns a
 * {@code User} in {@code UserRepo extends Repo<User>}. The runtime binds the same way by reflection
 * ({@code GenericTypes}); the build uses this to name the value type and to refuse REMOTE where a type variable stays.
 */
final class BoundTypes {

    private BoundTypes() {
    }

    /** {@code type}, written in {@code declaring}, with the type variables {@code bean} binds (through its superclasses) replaced. */
    static Type bind(Type type, ClassInfo declaring, ClassInfo bean, IndexView index) {
        if (declaring.name().equals(bean.name()) || declaring.typeParameters().isEmpty()) {
            return type;
        }
        List<Type> bound = JandexUtil.resolveTypeParameters(bean.name(), declaring.name(), index);
        List<TypeVariable> variables = declaring.typeParameters();
        return substitute(type, variables, bound);
    }

    private static Type substitute(Type type, List<TypeVariable> variables, List<Type> bound) {
        switch (type.kind()) {
            case TYPE_VARIABLE:
                for (int i = 0; i < variables.size() && i < bound.size(); i++) {
                    if (variables.get(i).identifier().equals(type.asTypeVariable().identifier())) {
                        return bound.get(i);
                    }
                }
                return type; // a type variable of the method itself
            case PARAMETERIZED_TYPE:
                ParameterizedType p = type.asParameterizedType();
                Type[] arguments = p.arguments().stream().map(a -> substitute(a, variables, bound)).toArray(Type[]::new);
                return ParameterizedType.create(p.name(), arguments, p.owner());
            case ARRAY:
                ArrayType a = type.asArrayType();
                return ArrayType.create(substitute(a.constituent(), variables, bound), a.deepDimensions());
            default:
                return type;
        }
    }

    /**
     * Whether REMOTE cannot read a value back as {@code type}: it holds a type variable no class binds, or it is
     * {@code Object} (JSON would give a {@code LinkedHashMap} to a caller that expects the object it returned).
     */
    static boolean unreadable(Type type) {
        return hasTypeVariable(type) || type.name().equals(GCacheDotNames.OBJECT);
    }

    /** Whether {@code type} still holds a type variable. */
    static boolean hasTypeVariable(Type type) {
        return switch (type.kind()) {
            case TYPE_VARIABLE, UNRESOLVED_TYPE_VARIABLE, TYPE_VARIABLE_REFERENCE -> true;
            case PARAMETERIZED_TYPE -> type.asParameterizedType().arguments().stream()
                    .anyMatch(BoundTypes::hasTypeVariable);
            case ARRAY -> hasTypeVariable(type.asArrayType().constituent());
            case WILDCARD_TYPE -> hasTypeVariable(type.asWildcardType().extendsBound())
                    || type.asWildcardType().superBound() != null && hasTypeVariable(type.asWildcardType().superBound());
            default -> false;
        };
    }
}
