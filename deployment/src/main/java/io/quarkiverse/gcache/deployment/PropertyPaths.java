package io.quarkiverse.gcache.deployment;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
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
import io.quarkus.gizmo.DescriptorUtils;
import io.quarkus.gizmo.FieldDescriptor;
import io.quarkus.gizmo.MethodCreator;
import io.quarkus.gizmo.MethodDescriptor;
import io.quarkus.gizmo.ResultHandle;

/**
 * Resolves a key part's property path ({@code "account.id"}) against the parameter's type at build time, and
 * generates a {@link PropertyReader} that follows it with plain accessor calls, so no reflection runs per call.
 * Type variables are resolved along the path ({@code Account extends BaseEntity<String>} makes {@code ID getId()} a
 * {@code String}).
 */
final class PropertyPaths {

    /**
     * One step of a path: a no-argument accessor method or a public field, found from {@code receiver} (the type the
     * path has reached, which may inherit it), whose value has the {@code type} seen from there.
     */
    record Step(ClassInfo receiver, MethodInfo method, FieldInfo field, Type type) {
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
            ClassInfo receiver = index.getClassByName(current.name());
            if (receiver == null || segment.isEmpty()) {
                throw new NoSuchProperty(current.name().toString(), segment);
            }
            Step step = find(receiver, current, segment);
            if (step == null) {
                throw new NoSuchProperty(current.name().toString(), segment);
            }
            steps.add(step);
            current = step.type();
        }
        return steps;
    }

    /**
     * The property {@code segment} of {@code receiver} or of a superclass, its type seen from {@code type} (the type
     * variables of each superclass bound by the type arguments its subclass gives it).
     */
    private Step find(ClassInfo receiver, Type type, String segment) {
        String capitalized = Character.toUpperCase(segment.charAt(0)) + segment.substring(1);
        Map<String, Type> bindings = KeyPartTypes.bindings(receiver, type);
        // The classes first, then their interfaces (a default getter, or one the type declares abstractly), each
        // with its type variables bound as the class below binds them (Owned<String> makes O getOwner() a String).
        List<ClassInfo> interfaces = new ArrayList<>();
        List<Map<String, Type>> interfaceBindings = new ArrayList<>();
        for (ClassInfo c = receiver; c != null;) {
            Step step = accessor(receiver, c, segment, capitalized, bindings);
            if (step != null) {
                return step;
            }
            addInterfaces(c, bindings, interfaces, interfaceBindings);
            ClassInfo superClass = superOf(c);
            if (superClass != null) {
                bindings = KeyPartTypes.bindings(superClass, KeyPartTypes.substitute(c.superClassType(), bindings));
            }
            c = superClass;
        }
        for (int i = 0; i < interfaces.size(); i++) { // breadth first: the nearest interface wins
            Step step = accessor(receiver, interfaces.get(i), segment, capitalized, interfaceBindings.get(i));
            if (step != null) {
                return step;
            }
            addInterfaces(interfaces.get(i), interfaceBindings.get(i), interfaces, interfaceBindings);
        }
        return null;
    }

    /** The property {@code segment} declared by {@code c}: an accessor method, or a public field of a class. */
    private static Step accessor(ClassInfo receiver, ClassInfo c, String segment, String capitalized,
            Map<String, Type> bindings) {
        for (String name : List.of(segment, "get" + capitalized, "is" + capitalized)) {
            MethodInfo m = c.method(name);
            if (m != null && Modifier.isPublic(m.flags()) && !Modifier.isStatic(m.flags())
                    && m.returnType().kind() != Type.Kind.VOID) {
                return new Step(receiver, m, null, KeyPartTypes.substitute(m.returnType(), bindings));
            }
        }
        FieldInfo f = c.isInterface() ? null : c.field(segment); // an interface's fields are static constants
        if (f != null && Modifier.isPublic(f.flags()) && !Modifier.isStatic(f.flags())) {
            return new Step(receiver, null, f, KeyPartTypes.substitute(f.type(), bindings));
        }
        return null;
    }

    private void addInterfaces(ClassInfo c, Map<String, Type> bindings, List<ClassInfo> interfaces,
            List<Map<String, Type>> interfaceBindings) {
        for (Type interfaceType : c.interfaceTypes()) {
            ClassInfo info = index.getClassByName(interfaceType.name());
            if (info != null && !interfaces.contains(info)) {
                interfaces.add(info);
                interfaceBindings.add(KeyPartTypes.bindings(info, KeyPartTypes.substitute(interfaceType, bindings)));
            }
        }
    }

    private ClassInfo superOf(ClassInfo c) {
        DotName superName = c.superName();
        return superName == null || superName.equals(GCacheDotNames.OBJECT) ? null : index.getClassByName(superName);
    }

    /** Writes a {@link PropertyReader} named {@code className} that follows {@code steps}. */
    void generateReader(ClassOutput output, String className, List<Step> steps) {
        String readerPackage = packageOf(className);
        try (ClassCreator cc = ClassCreator.builder().classOutput(output).className(className)
                .interfaces(PropertyReader.class).build()) {
            MethodCreator read = cc.getMethodCreator("read", Object.class, Object.class);
            ResultHandle value = read.getMethodParam(0);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                // Called on the type the path has reached, as javac would, not on the class that declares the
                // accessor: a public getter inherited from a package-private class is accessible only that way.
                ClassInfo owner = accessibleOwner(step, readerPackage);
                ResultHandle target = read.checkCast(value, owner.name().toString());
                if (step.method() != null) {
                    MethodDescriptor accessor = MethodDescriptor.ofMethod(owner.name().toString(),
                            step.method().name(), erasure(step.method().returnType()));
                    value = owner.isInterface() ? read.invokeInterfaceMethod(accessor, target)
                            : read.invokeVirtualMethod(accessor, target);
                } else {
                    value = read.readInstanceField(FieldDescriptor.of(owner.name().toString(), step.field().name(),
                            erasure(step.field().type())), target);
                }
                // The declared type, not the resolved one: a type variable's value comes back erased (its bound),
                // and the next step's checkCast gives it the type the path resolved.
                Type declaredType = step.method() != null ? step.method().returnType() : step.field().type();
                if (declaredType.kind() == Type.Kind.PRIMITIVE) {
                    Class<?> box = BOXES.get(declaredType.asPrimitiveType().primitive());
                    Class<?> primitive = primitiveClass(declaredType.asPrimitiveType().primitive());
                    value = read.invokeStaticMethod(MethodDescriptor.ofMethod(box, "valueOf", box, primitive), value);
                } else if (i < steps.size() - 1) {
                    BranchResult isNull = read.ifNull(value);
                    isNull.trueBranch().returnValue(isNull.trueBranch().loadNull());
                }
            }
            read.returnValue(value);
        }
    }

    /**
     * The first class from the step's receiver up to the accessor's declaring class that the reader may name: public,
     * or in the reader's package.
     */
    private ClassInfo accessibleOwner(Step step, String readerPackage) {
        DotName declaring = step.method() != null ? step.method().declaringClass().name()
                : step.field().declaringClass().name();
        for (ClassInfo c = step.receiver(); c != null; c = superOf(c)) {
            if (Modifier.isPublic(c.flags()) || packageOf(c.name().toString()).equals(readerPackage)) {
                return c;
            }
            if (c.name().equals(declaring)) {
                break;
            }
        }
        return step.receiver();
    }

    /** The descriptor of a declared type as the class file holds it: a type variable as its first bound. */
    private static String erasure(Type type) {
        return switch (type.kind()) {
            case TYPE_VARIABLE -> erasure(type.asTypeVariable().bounds().isEmpty() ? ClassType.OBJECT_TYPE
                    : type.asTypeVariable().bounds().get(0));
            case UNRESOLVED_TYPE_VARIABLE, TYPE_VARIABLE_REFERENCE, WILDCARD_TYPE -> "Ljava/lang/Object;";
            case PARAMETERIZED_TYPE -> "L" + type.name().toString().replace('.', '/') + ";";
            default -> DescriptorUtils.typeToString(type);
        };
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
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
