package io.quarkiverse.gcache.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.PrimitiveType;
import org.jboss.jandex.Type;

import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkus.gizmo.BranchResult;
import io.quarkus.gizmo.ClassCreator;
import io.quarkus.gizmo.ClassOutput;
import io.quarkus.gizmo.FieldDescriptor;
import io.quarkus.gizmo.MethodCreator;
import io.quarkus.gizmo.MethodDescriptor;
import io.quarkus.gizmo.ResultHandle;

/**
 * Resolves a key part's property path ({@code "account.id"}) against the parameter's type at build time, and
 * generates a {@link PropertyReader} that follows it with plain accessor calls, so no reflection runs per call.
 */
final class PropertyPaths {

    /** One step of a path: a no-argument accessor method or a public field. */
    record Step(ClassInfo owner, MethodInfo method, FieldInfo field) {
        Type type() {
            return method != null ? method.returnType() : field.type();
        }
    }

    /** A path that names no accessible property; {@code segment} is where it went wrong. */
    static final class NoSuchProperty extends Exception {
        final String type;
        final String segment;

        NoSuchProperty(String type, String segment) {
            super(null, null, false, false);
            this.type = type;
            this.segment = segment;
        }
    }

    private static final Map<PrimitiveType.Primitive, Class<?>> BOXES = Map.of(
            PrimitiveType.Primitive.BOOLEAN, Boolean.class, PrimitiveType.Primitive.BYTE, Byte.class,
            PrimitiveType.Primitive.CHAR, Character.class, PrimitiveType.Primitive.SHORT, Short.class,
            PrimitiveType.Primitive.INT, Integer.class, PrimitiveType.Primitive.LONG, Long.class,
            PrimitiveType.Primitive.FLOAT, Float.class, PrimitiveType.Primitive.DOUBLE, Double.class);

    private final IndexView index;

    PropertyPaths(IndexView index) {
        this.index = index;
    }

    /** The steps of {@code path} from {@code start}. */
    List<Step> resolve(Type start, String path) throws NoSuchProperty {
        List<Step> steps = new ArrayList<>();
        Type current = start;
        for (String segment : path.split("\\.", -1)) {
            if (current.kind() != Type.Kind.CLASS && current.kind() != Type.Kind.PARAMETERIZED_TYPE) {
                throw new NoSuchProperty(current.toString(), segment);
            }
            ClassInfo owner = index.getClassByName(current.name());
            if (owner == null || segment.isEmpty()) {
                throw new NoSuchProperty(current.name().toString(), segment);
            }
            Step step = find(owner, segment);
            if (step == null) {
                throw new NoSuchProperty(current.name().toString(), segment);
            }
            steps.add(step);
            current = step.type();
        }
        return steps;
    }

    private Step find(ClassInfo start, String segment) {
        String capitalized = Character.toUpperCase(segment.charAt(0)) + segment.substring(1);
        for (ClassInfo c = start; c != null; c = superOf(c)) {
            for (String name : List.of(segment, "get" + capitalized, "is" + capitalized)) {
                MethodInfo m = c.method(name);
                if (m != null && Modifier.isPublic(m.flags()) && !Modifier.isStatic(m.flags())
                        && m.returnType().kind() != Type.Kind.VOID) {
                    return new Step(c, m, null);
                }
            }
            FieldInfo f = c.field(segment);
            if (f != null && Modifier.isPublic(f.flags()) && !Modifier.isStatic(f.flags())) {
                return new Step(c, null, f);
            }
        }
        return null;
    }

    private ClassInfo superOf(ClassInfo c) {
        DotName superName = c.superName();
        return superName == null || superName.equals(GCacheDotNames.OBJECT) ? null : index.getClassByName(superName);
    }

    /** Writes a {@link PropertyReader} named {@code className} that follows {@code steps}. */
    static void generateReader(ClassOutput output, String className, List<Step> steps) {
        try (ClassCreator cc = ClassCreator.builder().classOutput(output).className(className)
                .interfaces(PropertyReader.class).build()) {
            MethodCreator read = cc.getMethodCreator("read", Object.class, Object.class);
            ResultHandle value = read.getMethodParam(0);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                ResultHandle owner = read.checkCast(value, step.owner().name().toString());
                if (step.method() != null) {
                    MethodDescriptor accessor = MethodDescriptor.of(step.method());
                    value = step.owner().isInterface() ? read.invokeInterfaceMethod(accessor, owner)
                            : read.invokeVirtualMethod(accessor, owner);
                } else {
                    value = read.readInstanceField(FieldDescriptor.of(step.field()), owner);
                }
                Type type = step.type();
                if (type.kind() == Type.Kind.PRIMITIVE) {
                    Class<?> box = BOXES.get(type.asPrimitiveType().primitive());
                    Class<?> primitive = primitiveClass(type.asPrimitiveType().primitive());
                    value = read.invokeStaticMethod(MethodDescriptor.ofMethod(box, "valueOf", box, primitive), value);
                } else if (i < steps.size() - 1) {
                    BranchResult isNull = read.ifNull(value);
                    isNull.trueBranch().returnValue(isNull.trueBranch().loadNull());
                }
            }
            read.returnValue(value);
        }
    }

    private static Class<?> primitiveClass(PrimitiveType.Primitive p) {
        return switch (p) {
            case BOOLEAN -> boolean.class;
            case BYTE -> byte.class;
            case CHAR -> char.class;
            case SHORT -> short.class;
            case INT -> int.class;
            case LONG -> long.class;
            case FLOAT -> float.class;
            case DOUBLE -> double.class;
        };
    }
}
