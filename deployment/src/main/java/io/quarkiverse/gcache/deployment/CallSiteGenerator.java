package io.quarkiverse.gcache.deployment;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

import io.quarkiverse.gcache.runtime.GCacheCallSite;

/**
 * Writes the {@link GCacheCallSite} of one use case: a final class, in the bean's package, with a
 * {@code public static final INSTANCE} that knows its use case by name, and a {@code proceed} that casts the
 * parameters back and runs the method's moved body ({@link CachedMethodWeaver#bodyName}) on the bean. The body's
 * name is unique to the class that declares the method, so this call reaches that body, whatever overrides the bean
 * class (or its subclasses) declare.
 */
final class CallSiteGenerator {

    static final Type CALL_SITE = Type.getType(GCacheCallSite.class);
    private static final Type OBJECT = Type.getType(Object.class);
    private static final Type STRING = Type.getType(String.class);
    private static final Method CONSTRUCTOR = new Method("<init>", Type.VOID_TYPE, new Type[] { STRING });
    private static final Method PROCEED = new Method("proceed", OBJECT,
            new Type[] { OBJECT, Type.getType(Object[].class) });

    private CallSiteGenerator() {
    }

    /**
     * @param siteName the site's binary name ({@code org.acme.UserService_GCache_profile})
     * @param bean the internal name of the bean class (the class that declares the method, or one that inherits it)
     * @param body the name of the method's moved body
     * @param descriptor the method's descriptor
     */
    static byte[] generate(String siteName, String bean, String body, String descriptor, String useCase) {
        String site = siteName.replace('.', '/');
        Type siteType = Type.getObjectType(site);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, site,
                null, CALL_SITE.getInternalName(), null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "INSTANCE", siteType.getDescriptor(),
                null, null).visitEnd();

        GeneratorAdapter init = new GeneratorAdapter(Opcodes.ACC_PRIVATE, CONSTRUCTOR, null, null, cw);
        init.visitCode();
        init.loadThis();
        init.loadArg(0);
        init.invokeConstructor(CALL_SITE, CONSTRUCTOR);
        init.returnValue();
        init.endMethod();

        Method clinitMethod = new Method("<clinit>", Type.VOID_TYPE, new Type[0]);
        GeneratorAdapter clinit = new GeneratorAdapter(Opcodes.ACC_STATIC, clinitMethod, null, null, cw);
        clinit.visitCode();
        clinit.newInstance(siteType);
        clinit.dup();
        clinit.push(useCase);
        clinit.invokeConstructor(siteType, CONSTRUCTOR);
        clinit.putStatic(siteType, "INSTANCE", siteType);
        clinit.returnValue();
        clinit.endMethod();

        Type ownerType = Type.getObjectType(bean);
        Type[] params = Type.getArgumentTypes(descriptor);
        Type returnType = Type.getReturnType(descriptor);
        GeneratorAdapter proceed = new GeneratorAdapter(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, PROCEED, null,
                new Type[] { Type.getType(Exception.class) }, cw);
        proceed.visitCode();
        proceed.loadArg(0);
        proceed.checkCast(ownerType);
        for (int i = 0; i < params.length; i++) {
            proceed.loadArg(1);
            proceed.push(i);
            proceed.arrayLoad(OBJECT);
            proceed.unbox(params[i]);
        }
        proceed.invokeVirtual(ownerType, new Method(body, descriptor));
        proceed.valueOf(returnType);
        proceed.returnValue();
        proceed.endMethod();

        cw.visitEnd();
        return cw.toByteArray();
    }
}
