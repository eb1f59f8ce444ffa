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
 * Decides at build time whether a type has a stable string form, so that equal values always give the same
 * key: strings, primitives and boxes, enums, {@code UUID}, {@code java.time}, records of stable types, lists and
 * maps of stable types, and classes that define their own {@code toString()}.
 */
final class KeyStability {

    private final IndexView index;

    KeyStability(IndexView index) {
        this.index = index;
    }

    /** Why {@code type} is not stable, or {@code null} when it is. */
    String whyUnstable(Type type) {
        return whyUnstable(type, true, new HashSet<>());
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

    private String whyUnstable(Type type, boolean mapsAllowed, Set<DotName> visiting) {
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
        if (GCacheDotNames.LISTS.contains(name)) {
            return typeArguments(type, 1, mapsAllowed, visiting);
        }
        if (GCacheDotNames.MAPS.contains(name)) {
            if (!mapsAllowed) {
                return "a map inside a record is rendered by the record's own toString(), in no stable order";
            }
            return typeArguments(type, 2, mapsAllowed, visiting);
        }
        if (name.equals(GCacheDotNames.OBJECT)) {
            return "java.lang.Object has no stable string form";
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
            for (RecordComponentInfo component : info.recordComponents()) {
                String why = whyUnstable(component.type(), false, visiting);
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
        return declaresToString(info) ? null : n + " keeps Object.toString(), which differs between equal values";
    }

    private String typeArguments(Type type, int count, boolean mapsAllowed, Set<DotName> visiting) {
        if (type.kind() != Type.Kind.PARAMETERIZED_TYPE) {
            return "a raw " + type.name() + " does not say what it holds";
        }
        List<Type> args = type.asParameterizedType().arguments();
        for (int i = 0; i < count && i < args.size(); i++) {
            String why = whyUnstable(args.get(i), mapsAllowed, visiting);
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
