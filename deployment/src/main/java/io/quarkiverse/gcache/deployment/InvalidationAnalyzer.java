package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.gcache.deployment.validation.AdapterTypeMismatchException;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.InvalidAdapterException;
import io.quarkiverse.gcache.deployment.validation.InvalidateAbstractMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidateFutureBufferException;
import io.quarkiverse.gcache.deployment.validation.InvalidateIdMissingException;
import io.quarkiverse.gcache.deployment.validation.InvalidateIdTwiceException;
import io.quarkiverse.gcache.deployment.validation.InvalidateKeyTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidateNotABeanException;
import io.quarkiverse.gcache.deployment.validation.InvalidateOnCachedMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidatePrivateMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidateReturnTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidateStaticMethodException;
import io.quarkiverse.gcache.deployment.validation.InvalidateUnknownParameterException;
import io.quarkiverse.gcache.deployment.validation.InvalidateUnstableIdException;
import io.quarkiverse.gcache.deployment.validation.MissingParameterNamesException;
import io.quarkiverse.gcache.deployment.validation.UnknownPropertyException;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.spec.InvalidatingMethodSpec;
import io.quarkiverse.gcache.runtime.spec.InvalidationSpec;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkus.gizmo.ClassOutput;

/**
 * Reads the {@code @GCacheInvalidate} annotations of one method into an {@link InvalidatingMethodSpec}, reporting every
 * mistake it finds. The id is resolved as a {@code @GCacheId} is: the parameter's position, a generated
 * {@code PropertyReader} for the path ({@link PropertyPaths}), the adapter, checked for a stable string form; so the
 * runtime reads it with plain calls, and the id renders as the cached methods' ids do.
 */
final class InvalidationAnalyzer {

    private final KeyStability stability;
    private final KeyPartTypes types;
    private final PropertyPaths paths;
    private final KeyAdapters adapters;
    private final ClassOutput readers;
    private int readerCount;

    InvalidationAnalyzer(IndexView index, ClassOutput readers) {
        this.stability = new KeyStability(index);
        this.types = new KeyPartTypes(index);
        this.paths = new PropertyPaths(index);
        this.adapters = new KeyAdapters(index);
        this.readers = readers;
    }

    /** The method's spec, or {@code null} when it has mistakes (each one reported). */
    InvalidatingMethodSpec analyze(MethodInfo method, List<AnnotationInstance> annotations,
            Consumer<GCacheDefinitionException> problems) {
        int[] count = { 0 };
        Consumer<GCacheDefinitionException> counting = e -> {
            count[0]++;
            problems.accept(e);
        };
        checkMethod(method, counting);
        if (count[0] > 0) {
            return null; // not intercepted: nothing else to say about it
        }
        InvalidatingMethodSpec spec = new InvalidatingMethodSpec();
        spec.setMethodKey(UseCaseAnalyzer.methodKey(method));
        spec.setName(method.declaringClass().simpleName() + "." + method.name());
        spec.setReturnKind(returnKind(method, counting));
        List<InvalidationSpec> invalidations = new ArrayList<>();
        for (AnnotationInstance annotation : annotations) {
            InvalidationSpec invalidation = invalidation(method, annotation, counting);
            if (invalidation != null) {
                invalidations.add(invalidation);
            }
        }
        spec.setInvalidations(invalidations);
        return count[0] == 0 ? spec : null;
    }

    private static void checkMethod(MethodInfo method, Consumer<GCacheDefinitionException> problems) {
        boolean placed = MethodPlacement.check(method, problems,
                m -> new InvalidateNotABeanException(m, "interceptors reach methods of bean classes, not of interfaces"),
                InvalidateAbstractMethodException::new, InvalidatePrivateMethodException::new,
                InvalidateStaticMethodException::new);
        if (placed && method.hasDeclaredAnnotation(GCacheDotNames.GCACHED)) {
            problems.accept(new InvalidateOnCachedMethodException(method));
        }
    }

    /** When the method has written: a {@code Uni}'s item, a stage's completion, else its return. */
    private static ReturnKind returnKind(MethodInfo method, Consumer<GCacheDefinitionException> problems) {
        Type type = method.returnType();
        if (type.kind() == Type.Kind.VOID || type.kind() == Type.Kind.PRIMITIVE || type.kind() == Type.Kind.ARRAY) {
            return ReturnKind.PLAIN;
        }
        DotName name = type.name();
        if (name.equals(GCacheDotNames.UNI)) {
            return ReturnKind.UNI;
        }
        if (name.equals(GCacheDotNames.COMPLETION_STAGE) || name.equals(GCacheDotNames.COMPLETABLE_FUTURE)) {
            return ReturnKind.COMPLETION_STAGE; // the interceptor returns a CompletableFuture: both accept it
        }
        if (name.equals(GCacheDotNames.MULTI) || GCacheDotNames.PUBLISHERS.contains(name) || completesLater(type)) {
            problems.accept(new InvalidateReturnTypeException(method, type.toString()));
        }
        return ReturnKind.PLAIN;
    }

    /** Another {@code Uni} or {@code CompletionStage} type, whose completion the interceptor could not follow. */
    private static boolean completesLater(Type type) {
        String n = type.name().toString();
        return n.startsWith("io.smallrye.mutiny.") && !n.startsWith("io.smallrye.mutiny.tuples.")
                || n.startsWith("java.util.concurrent.") && (n.endsWith("Future") || n.endsWith("Stage"));
    }

    private InvalidationSpec invalidation(MethodInfo method, AnnotationInstance annotation,
            Consumer<GCacheDefinitionException> problems) {
        String keyType = string(annotation, "keyType");
        boolean valid = true;
        if (!UseCaseAnalyzer.NAME.matcher(keyType).matches()) {
            problems.accept(new InvalidateKeyTypeException(method, keyType));
            valid = false;
        }
        String futureBuffer = string(annotation, "futureBuffer");
        long bufferMillis = 0;
        try {
            bufferMillis = Durations.parse(futureBuffer).toMillis();
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.accept(new InvalidateFutureBufferException(method, keyType, futureBuffer, e.getMessage()));
            valid = false;
        }
        KeyPartSpec id = id(method, keyType, annotation, problems);
        if (!valid || id == null) {
            return null;
        }
        InvalidationSpec spec = new InvalidationSpec();
        spec.setKeyType(keyType);
        spec.setFutureBufferMillis(bufferMillis);
        spec.setId(id);
        return spec;
    }

    /** Where the id comes from: the parameter, the reader of the path into it, the adapter; checked as an id is. */
    private KeyPartSpec id(MethodInfo method, String keyType, AnnotationInstance annotation,
            Consumer<GCacheDefinitionException> problems) {
        String idArg = string(annotation, "idArg");
        String id = string(annotation, "id");
        if (!idArg.isEmpty() && !id.isEmpty()) {
            problems.accept(new InvalidateIdTwiceException(method, keyType, idArg, id));
            return null;
        }
        if (idArg.isEmpty() && id.isEmpty()) {
            problems.accept(new InvalidateIdMissingException(method, keyType));
            return null;
        }
        List<String> names = new ArrayList<>();
        for (MethodParameterInfo p : method.parameters()) {
            if (p.name() == null) {
                problems.accept(new MissingParameterNamesException(method));
                return null;
            }
            names.add(p.name());
        }
        String source = idArg.isEmpty() ? id : idArg;
        int dot = idArg.isEmpty() ? id.indexOf('.') : -1;
        String parameter = dot < 0 ? source : source.substring(0, dot);
        String path = dot < 0 ? "" : source.substring(dot + 1);
        int position = names.indexOf(parameter);
        if (position < 0) {
            problems.accept(new InvalidateUnknownParameterException(method,
                    (idArg.isEmpty() ? "id" : "idArg") + " = \"" + source + "\"", parameter, names));
            return null;
        }
        KeyPartSpec part = new KeyPartSpec();
        part.setName(parameter);
        part.setPosition(position);
        Type type = method.parameterType(position);
        if (!path.isEmpty()) {
            part.setPath(path);
            try {
                List<PropertyPaths.Step> steps = paths.resolve(type, path);
                type = steps.get(steps.size() - 1).type();
                String readerClass = method.declaringClass().name() + "_GCacheInvalidateReader" + (readerCount++);
                paths.generateReader(readers, readerClass, steps);
                part.setReaderClass(readerClass);
            } catch (PropertyPaths.NoSuchProperty e) {
                problems.accept(new UnknownPropertyException(method, parameter, path, e.type, e.segment));
                return null;
            }
        }
        AnnotationValue adapterValue = annotation.value("adapter");
        DotName adapter = adapterValue == null ? null : adapterValue.asClass().name();
        if (adapter != null && !adapter.equals(GCacheDotNames.GCACHE_KEY_ADAPTER)) {
            if (!adapters.isCreatable(adapter)) {
                problems.accept(new InvalidAdapterException(method, source, adapter.toString()));
                return null;
            }
            Type adapts = adapters.adaptedType(adapter);
            if (adapts != null && !types.isAssignable(type, adapts.name())) {
                problems.accept(new AdapterTypeMismatchException(method, source, adapter.toString(),
                        adapts.name().toString(), type.toString()));
                return null;
            }
            part.setAdapterClass(adapter.toString());
            return part;
        }
        if (!isTypeVariable(type)) { // a generic bean's id type is known per bean only: rendered as it comes
            String why = stability.whyUnstable(type);
            if (why != null) {
                problems.accept(new InvalidateUnstableIdException(method, keyType, source, type.toString(), why));
                return null;
            }
        }
        return part;
    }

    private static boolean isTypeVariable(Type type) {
        return type.kind() == Type.Kind.TYPE_VARIABLE || type.kind() == Type.Kind.UNRESOLVED_TYPE_VARIABLE
                || type.kind() == Type.Kind.TYPE_VARIABLE_REFERENCE;
    }

    private static String string(AnnotationInstance a, String name) {
        AnnotationValue v = a.value(name);
        return v == null ? "" : v.asString();
    }
}
