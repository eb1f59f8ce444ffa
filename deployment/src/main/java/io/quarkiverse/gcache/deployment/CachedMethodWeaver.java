package io.quarkiverse.gcache.deployment;

import java.util.HashMap;
import java.util.HashSet;
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
 * Weaves the cache into the {@code @GCached} methods of one class. Each such method {@code m} keeps its name,
 * signature and annotations, and its body moves to a public synthetic {@code m$gcache}; {@code m} itself becomes
 * <pre>
 * return (R) Site.INSTANCE.call(this, new Object[] { p1, ..., pn });   // callUni / callStage by return kind
 * </pre>
 * Interceptors that apply to {@code m} run around it as before, so the cache sits innermost, right around the body.
 */
final class CachedMethodWeaver extends ClassVisitor {

    /** One method to weave: where its calls go, and how (by return kind). */
    record Target(String siteName, ReturnKind returnKind) {
    }

    /** {@code call}, {@code callUni} and {@code callStage} of {@code GCacheCallSite}: (target, parameters) -> result. */
    private static final String CALL_DESCRIPTOR = "(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";

    private final String className;
    private final Map<String, Target> targets;
    private final Set<String> woven = new HashSet<>();

    /** @param targets by method name + descriptor */
    CachedMethodWeaver(ClassVisitor next, String className, Map<String, Target> targets) {
        super(Opcodes.ASM9, next);
        this.className = className;
        this.targets = new HashMap<>(targets);
    }

    static String bodyName(String methodName) {
        return methodName + "$gcache";
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        Target target = targets.get(name + descriptor);
        if (target == null || (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        woven.add(name + descriptor);
        // The entry keeps the method's face; it does not lock: a synchronized body still does, on a miss only.
        MethodVisitor entry = super.visitMethod(access & ~Opcodes.ACC_SYNCHRONIZED, name, descriptor, signature,
                exceptions);
        int bodyAccess = (access & ~(Opcodes.ACC_PRIVATE | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
                | Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC;
        MethodVisitor body = super.visitMethod(bodyAccess, bodyName(name), descriptor, signature, exceptions);
        return new Split(body, entry, access, name, descriptor, target);
    }

    @Override
    public void visitEnd() {
        if (woven.size() != targets.size()) {
            Set<String> missing = new HashSet<>(targets.keySet());
            missing.removeAll(woven);
            throw new IllegalStateException("GCache found no method body to cache in " + className + " for " + missing);
        }
        super.visitEnd();
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
        private final String[] localNames;
        private final String[] localDescriptors;
        private final String[] localSignatures;
        private int firstLine = -1;

        Split(MethodVisitor body, MethodVisitor entry, int access, String name, String descriptor, Target target) {
            super(Opcodes.ASM9, body);
            this.entry = entry;
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
            this.target = target;
            this.argumentSlots = Type.getArgumentsAndReturnSizes(descriptor) >> 2; // includes this
            this.localNames = new String[argumentSlots];
            this.localDescriptors = new String[argumentSlots];
            this.localSignatures = new String[argumentSlots];
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
            if (index < argumentSlots && localNames[index] == null) {
                localNames[index] = local;
                localDescriptors[index] = localDescriptor;
                localSignatures[index] = localSignature;
            }
            super.visitLocalVariable(local, localDescriptor, localSignature, start, end, index);
        }

        @Override
        public void visitEnd() {
            super.visitEnd();
            writeEntry();
        }

        private void writeEntry() {
            Type site = Type.getObjectType(target.siteName().replace('.', '/'));
            GeneratorAdapter code = new GeneratorAdapter(entry, access, name, descriptor);
            code.visitCode();
            Label start = code.mark();
            if (firstLine > 0) {
                code.visitLineNumber(firstLine, start);
            }
            code.getStatic(site, "INSTANCE", site);
            code.loadThis();
            code.loadArgArray();
            String call = switch (target.returnKind()) {
                case PLAIN -> "call";
                case UNI -> "callUni";
                case COMPLETION_STAGE -> "callStage";
            };
            code.invokeVirtual(CallSiteGenerator.CALL_SITE, new Method(call, CALL_DESCRIPTOR));
            code.unbox(code.getReturnType());
            code.returnValue();
            Label end = code.mark();
            for (int slot = 0; slot < argumentSlots; slot++) {
                if (localNames[slot] != null) {
                    code.visitLocalVariable(localNames[slot], localDescriptors[slot], localSignatures[slot], start, end,
                            slot);
                }
            }
            code.endMethod();
        }
    }
}
