package io.quarkiverse.gcache.deployment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

import io.quarkiverse.gcache.runtime.spec.ReturnKind;

/**
 * Weaves the cache into one class. Three things, each only where the build asked for it:
 * <ul>
 * <li>A {@code @GCached} method {@code m} declared here keeps its name, signature and annotations, and its body
 * moves to a public synthetic {@code m$gcache$<declaring class>}; {@code m} itself becomes
 * <pre>
 * return (R) Site.INSTANCE.call(this, new Object[] { p1, ..., pn });   // callUni / callStage by return kind
 * </pre>
 * or, when this class is no bean that calls it (an abstract base), just runs the body. The body's name is unique to
 * the declaring class, so no subclass's body ever overrides it: the call site reaches exactly this body.</li>
 * <li>A bean class that inherits a cached method gets an override of it that calls the bean's own call site (one
 * use case per bean), whose {@code proceed} runs the superclass's body.</li>
 * <li>{@code super.m()} of a woven {@code m} runs the superclass's body directly: like any self-invocation of an
 * intercepted method in CDI, a super call is not cached, so an override that calls {@code super} neither recurses
 * into itself nor waits on its own fill.</li>
 * </ul>
 * Interceptors that apply to {@code m} run around it as before, so the cache sits innermost, right around the body.
 */
final class CachedMethodWeaver extends ClassVisitor {

    /**
     * A cached method declared in this class: its call site ({@code null} when this class is no bean that calls it),
     * its return kind, and whether a bean class below overrides it with its own entry (so it cannot stay final).
     */
    record Target(String siteName, ReturnKind returnKind, boolean inherited) {
    }

    /** An override to add to this bean class, for a cached method it inherits: it calls the bean's own call site. */
    record Inherited(String name, String descriptor, int access, String[] exceptions, String siteName,
            ReturnKind returnKind) {
    }

    /** {@code call}, {@code callUni} and {@code callStage} of {@code GCacheCallSite}: (target, parameters) -> result. */
    private static final String CALL_DESCRIPTOR = "(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";

    private final String className;
    private final String internalName;
    private final Map<String, Target> targets;
    private final List<Inherited> inherited;
    private final Map<String, String> superCalls;
    private final Set<String> woven = new HashSet<>();

    /**
     * @param targets the cached methods declared here, by name + descriptor
     * @param inherited the overrides to add
     * @param superCalls the super calls to send to a body: {@link #superCallKey} to the body's name
     */
    CachedMethodWeaver(ClassVisitor next, String className, Map<String, Target> targets, List<Inherited> inherited,
            Map<String, String> superCalls) {
        super(Opcodes.ASM9, next);
        this.className = className;
        this.internalName = className.replace('.', '/');
        this.targets = new HashMap<>(targets);
        this.inherited = List.copyOf(inherited);
        this.superCalls = Map.copyOf(superCalls);
    }

    /** The name of the body of {@code methodName} declared in {@code declaringClass}: unique in any hierarchy. */
    static String bodyName(String methodName, String declaringClass) {
        return methodName + "$gcache$" + declaringClass.replace('.', '_').replace('/', '_');
    }

    /** A super call's owner (internal name), method name and descriptor. */
    static String superCallKey(String owner, String name, String descriptor) {
        return owner.replace('.', '/') + "." + name + descriptor;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        Target target = targets.get(name + descriptor);
        if (target == null || (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return superCalls(super.visitMethod(access, name, descriptor, signature, exceptions),
                    (access & Opcodes.ACC_BRIDGE) != 0);
        }
        woven.add(name + descriptor);
        // The entry keeps the method's face; it does not lock: a synchronized body still does, on a miss only. A final
        // method that a bean class inherits loses final, so that the bean's own entry can override it.
        int entryAccess = access & ~Opcodes.ACC_SYNCHRONIZED & ~(target.inherited() ? Opcodes.ACC_FINAL : 0);
        MethodVisitor entry = super.visitMethod(entryAccess, name, descriptor, signature, exceptions);
        int bodyAccess = (access & ~(Opcodes.ACC_PRIVATE | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
                | Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC;
        MethodVisitor body = super.visitMethod(bodyAccess, bodyName(name, className), descriptor, signature,
                exceptions);
        return new Split(superCalls(body, false), entry, access, name, descriptor, target);
    }

    @Override
    public void visitEnd() {
        if (woven.size() != targets.size()) {
            Set<String> missing = new HashSet<>(targets.keySet());
            missing.removeAll(woven);
            throw new IllegalStateException("GCache found no method body to cache in " + className + " for " + missing);
        }
        for (Inherited m : inherited) {
            int access = m.access() & ~(Opcodes.ACC_FINAL | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_NATIVE
                    | Opcodes.ACC_ABSTRACT);
            MethodVisitor mv = super.visitMethod(access, m.name(), m.descriptor(), null, m.exceptions());
            writeEntry(mv, access, m.name(), m.descriptor(), m.siteName(), m.returnKind(), null, -1, null);
        }
        super.visitEnd();
    }

    private MethodVisitor superCalls(MethodVisitor mv, boolean bridge) {
        return superCalls.isEmpty() || mv == null ? mv : new SuperCalls(mv, bridge);
    }

    /**
     * Sends {@code super.m()} of a woven {@code m} to the superclass's body, which no subclass overrides. In a bridge
     * the {@code invokespecial} is javac's, not the application's: a class that inherits {@code T find(String)} and
     * implements an interface's {@code User find(String)} gets a bridge that calls the inherited method that way. It
     * calls the method on {@code this} instead, so that calls through the interface reach the bean's own entry.
     */
    private final class SuperCalls extends MethodVisitor {

        private final boolean bridge;

        SuperCalls(MethodVisitor next, boolean bridge) {
            super(Opcodes.ASM9, next);
            this.bridge = bridge;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String body = opcode == Opcodes.INVOKESPECIAL && !owner.equals(internalName)
                    ? superCalls.get(superCallKey(owner, name, descriptor))
                    : null;
            if (body != null && bridge) {
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, internalName, name, descriptor, false);
                return;
            }
            super.visitMethodInsn(opcode, owner, body == null ? name : body, descriptor, isInterface);
        }
    }

    /**
     * Writes an entry: hands the parameters to the call site, or (no site) runs the body declared in this class.
     *
     * @param locals the parameters' names, descriptors and signatures by slot, or {@code null}
     */
    private void writeEntry(MethodVisitor mv, int access, String name, String descriptor, String siteName,
            ReturnKind returnKind, String body, int firstLine, String[][] locals) {
        GeneratorAdapter code = new GeneratorAdapter(mv, access, name, descriptor);
        code.visitCode();
        Label start = code.mark();
        if (firstLine > 0) {
            code.visitLineNumber(firstLine, start);
        }
        if (siteName == null) {
            code.loadThis();
            code.loadArgs();
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, internalName, body, descriptor, false);
        } else {
            Type site = Type.getObjectType(siteName.replace('.', '/'));
            code.getStatic(site, "INSTANCE", site);
            code.loadThis();
            code.loadArgArray();
            String call = switch (returnKind) {
                case PLAIN -> "call";
                case UNI -> "callUni";
                case COMPLETION_STAGE -> "callStage";
            };
            code.invokeVirtual(CallSiteGenerator.CALL_SITE, new Method(call, CALL_DESCRIPTOR));
            code.unbox(code.getReturnType());
        }
        code.returnValue();
        Label end = code.mark();
        if (locals != null) {
            for (int slot = 0; slot < locals[0].length; slot++) {
                if (locals[0][slot] != null) {
                    code.visitLocalVariable(locals[0][slot], locals[1][slot], locals[2][slot], start, end, slot);
                }
            }
        }
        code.endMethod();
    }

    /**
     * Sends the method's code to the moved body and its annotations to the entry, then writes the entry's code: the
     * body's first line number and its parameters' names are kept, so stack traces and debuggers still read well.
     */
    private final class Split extends MethodVisitor {

        private final MethodVisitor entry;
        private final int access;
        private final String name;
        private final String descriptor;
        private final Target target;
        private final int argumentSlots;
        private final String[][] locals;
        private int firstLine = -1;

        Split(MethodVisitor body, MethodVisitor entry, int access, String name, String descriptor, Target target) {
            super(Opcodes.ASM9, body);
            this.entry = entry;
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            this.target = target;
            this.argumentSlots = Type.getArgumentsAndReturnSizes(descriptor) >> 2; // includes this
            this.locals = new String[3][argumentSlots]; // names, descriptors, signatures
        }

        @Override
        public void visitParameter(String parameterName, int parameterAccess) {
            entry.visitParameter(parameterName, parameterAccess);
            super.visitParameter(parameterName, parameterAccess);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            return entry.visitAnnotation(annotation, visible);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String annotation,
                boolean visible) {
            return entry.visitTypeAnnotation(typeRef, typePath, annotation, visible);
        }

        @Override
        public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
            entry.visitAnnotableParameterCount(parameterCount, visible);
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
            return entry.visitParameterAnnotation(parameter, annotation, visible);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            if (firstLine < 0) {
                firstLine = line;
            }
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitLocalVariable(String local, String localDescriptor, String localSignature, Label start,
                Label end, int index) {
            if (index < argumentSlots && locals[0][index] == null) {
                locals[0][index] = local;
                locals[1][index] = localDescriptor;
                locals[2][index] = localSignature;
            }
            super.visitLocalVariable(local, localDescriptor, localSignature, start, end, index);
        }

        @Override
        public void visitEnd() {
            super.visitEnd();
            int entryAccess = access & ~Opcodes.ACC_SYNCHRONIZED & ~(target.inherited() ? Opcodes.ACC_FINAL : 0);
            writeEntry(entry, entryAccess, name, descriptor, target.siteName(), target.returnKind(),
                    bodyName(name, className), firstLine, locals);
        }
    }
}
