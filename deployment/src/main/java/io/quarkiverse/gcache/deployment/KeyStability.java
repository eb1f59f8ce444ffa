package io.quarkiverse.gcache.deployment;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

/**
 * Decides at build time whether a type has a stable and faithful string form, so that equal values always give the
 * same key and different values different keys: strings, primitives and boxes, enums, {@code UUID}, {@code java.time},
 * {@code Date} and {@code Calendar} (rendered as their instant), records of stable types, {@code Optional}s, lists
 * and maps of stable types, and classes that define their own {@code toString()} (with stable type arguments, at
 * any depth: {@code Optional<Set<X>>} is not stable). The runtime renders them with
 * {@code KeyStrings}.
 */
final class KeyStability {

    private final IndexView index;
    private final KeyPartTypes types;

    KeyStability(IndexView index) {
        this.index = index;
        this.types = new KeyPartTypes(index);
    }

    /** Why {@code type} is not stable, or {@code null} when it is. */
    String whyUnstable(Type type) {
        return whyUnstable(type, new HashSet<>());
    }

    /** Whether a value of {@code type} can stand in the LOCAL key as it is (its equals matches its key string). */
    boolean isValueKey(Type type) {
        if (type.kind() == Type.Kind.PRIMITIVE) {
            return true;
        }
        if (type.kind() != Type.Kind.CLASS) {
            return false;
        }
        DotName name = type.name();
        if (GCacheDotNames.VALUE_KEYS.contains(name) || name.toString().startsWith("java.time.")) {
            return true;
        }
        ClassInfo info = index.getClassByName(name);
        return info != null && info.isEnum();
    }

    private String whyUnstable(Type type, Set<DotName> visiting) {
        switch (type.kind()) {
            case PRIMITIVE:
                return null;
            case ARRAY:
                return "an array has no stable string form";
            case TYPE_VARIABLE:
            case UNRESOLVED_TYPE_VARIABLE:
            case TYPE_VARIABLE_REFERENCE:
            case WILDCARD_TYPE:
                return "its type " + type + " is not known at build time";
            default:
                break;
        }
        DotName name = type.name();
        String n = name.toString();
        if (GCacheDotNames.VALUE_KEYS.contains(name) || n.startsWith("java.time.")) {
            return null;
        }
        if (GCacheDotNames.UNORDERED.contains(name)) {
            return "an unordered collection (" + n + ") has no stable string form";
        }
        if (name.equals(GCacheDotNames.OBJECT)) {
            return "java.lang.Object has no stable string form";
        }
        if (GCacheDotNames.MUTABLE_HOLDERS.contains(name)) {
            return "a mutable holder (" + n + ") renders its value's toString(), not the value's key string; pass"
                    + " the value itself";
        }
        // Lists (Vector, Stack and other List classes too), maps and Optionals are rendered element by element:
        // their elements must be stable, whatever the container's own toString() says.
        if (types.isSubtype(type, GCacheDotNames.LIST)) {
            return elements(type, GCacheDotNames.LIST, visiting);
        }
        if (types.isSubtype(type, GCacheDotNames.MAP)) {
            return elements(type, GCacheDotNames.MAP, visiting);
        }
        if (name.equals(GCacheDotNames.OPTIONAL)) {
            return elements(type, GCacheDotNames.OPTIONAL, visiting);
        }
        if (types.isSubtype(type, GCacheDotNames.COLLECTION)) {
            // ArrayDeque, PriorityQueue (whose iteration order is not sorted), a Set class...: AbstractCollection's
            // toString() renders the elements by their own toString(), so "a, b" and ["a", "b"] would collide
            return n + " is a collection but not a List: only lists (in order) and maps (in key order) have a stable"
                    + " string form";
        }
        ClassInfo info = index.getClassByName(name);
        if (info == null) {
            return "its type " + n + " is not known at build time";
        }
        if (info.isEnum()) {
            return null;
        }
        if (info.isRecord()) {
            if (!visiting.add(name)) {
                return "the record " + n + " refers to itself";
            }
            var bindings = KeyPartTypes.bindings(info, type);
            for (RecordComponentInfo component : info.recordComponents()) {
                String why = whyUnstable(KeyPartTypes.substitute(component.type(), bindings), visiting);
                if (why != null) {
                    return "record component " + n + "." + component.name() + ": " + why;
                }
            }
            visiting.remove(name);
            return null;
        }
        if (info.isInterface()) {
            return "an interface (" + n + ") promises no stable string form";
        }
        if (!declaresToString(info)) {
            return n + " keeps Object.toString(), which differs between equal values";
        }
        return typeArguments(type, visiting);
    }

    /**
     * A generic class that renders itself by its own {@code toString()} may well render its type arguments' values by
     * theirs: {@code Holder<Set<X>>} is as unstable as {@code Set<X>}.
     */
    private String typeArguments(Type type, Set<DotName> visiting) {
        if (type.kind() != Type.Kind.PARAMETERIZED_TYPE) {
            return null;
        }
        for (Type arg : type.asParameterizedType().arguments()) {
            String why = whyUnstable(arg, visiting);
            if (why != null) {
                return "a type argument of " + type + ": " + why;
            }
        }
        return null;
    }

    /** The type arguments of {@code container} as {@code type} binds them, each stable. */
    private String elements(Type type, DotName container, Set<DotName> visiting) {
        if (types.isRaw(type)) {
            return "a raw " + type.name() + " does not say what it holds";
        }
        List<Type> args = types.supertypeArguments(type, container);
        for (Type arg : args) {
            String why = whyUnstable(arg, visiting);
            if (why != null) {
                return "an element of " + type + ": " + why;
            }
        }
        return null;
    }

    private boolean declaresToString(ClassInfo info) {
        ClassInfo current = info;
        while (current != null && !current.name().equals(GCacheDotNames.OBJECT)) {
            MethodInfo toString = current.method("toString");
            if (toString != null && !java.lang.reflect.Modifier.isAbstract(toString.flags())) {
                return true;
            }
            DotName superName = current.superName();
            current = superName == null ? null : index.getClassByName(superName);
        }
        return false;
    }
}
