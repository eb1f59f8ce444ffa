package io.quarkiverse.gcache.deployment;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.gcache.deployment.validation.AbstractMethodException;
import io.quarkiverse.gcache.deployment.validation.AdapterTypeMismatchException;
import io.quarkiverse.gcache.deployment.validation.ConflictingKeyAnnotationsException;
import io.quarkiverse.gcache.deployment.validation.DuplicateIdException;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.InvalidAdapterException;
import io.quarkiverse.gcache.deployment.validation.InvalidFallbackTimeoutException;
import io.quarkiverse.gcache.deployment.validation.InvalidStaleOnErrorMaxAgeException;
import io.quarkiverse.gcache.deployment.validation.InvalidKeyTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidRampException;
import io.quarkiverse.gcache.deployment.validation.InvalidShadowComparatorException;
import io.quarkiverse.gcache.deployment.validation.InvalidShadowRampException;
import io.quarkiverse.gcache.deployment.validation.ShadowComparatorTypeMismatchException;
import io.quarkiverse.gcache.deployment.validation.InvalidTtlException;
import io.quarkiverse.gcache.deployment.validation.InvalidUseCaseException;
import io.quarkiverse.gcache.deployment.validation.MissingIdException;
import io.quarkiverse.gcache.deployment.validation.MissingParameterNamesException;
import io.quarkiverse.gcache.deployment.validation.NotABeanException;
import io.quarkiverse.gcache.deployment.validation.PrivateMethodException;
import io.quarkiverse.gcache.deployment.validation.ReservedUseCaseException;
import io.quarkiverse.gcache.deployment.validation.StaticMethodException;
import io.quarkiverse.gcache.deployment.validation.UnknownIdArgException;
import io.quarkiverse.gcache.deployment.validation.UnknownPropertyException;
import io.quarkiverse.gcache.deployment.validation.UnresolvedValueTypeException;
import io.quarkiverse.gcache.deployment.validation.UnstableKeyPartException;
import io.quarkiverse.gcache.deployment.validation.UnsupportedReturnTypeException;
import io.quarkiverse.gcache.deployment.validation.VoidReturnTypeException;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.gizmo.ClassOutput;

/**
 * Reads one {@code @GCached} method into a {@link UseCaseSpec}, reporting every mistake it finds in it (and
 * generating the property readers its key parts need); then ties that spec to each bean that calls the method
 * ({@link #forBean}). Which beans those are and whether the use cases are unique are decided by the caller, which
 * sees all methods and all beans.
 * <p>
 * Over 400 lines: it holds every build-time rule of a declaration (ids, arguments, layers, value type) so that
 * each build error is raised in one place; the tier reshaping issue moves the per-rule checks into their own classes.
 */
final class UseCaseAnalyzer {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    static final String RESERVED_USE_CASE = io.quarkiverse.gcache.runtime.key.Keyspace.WATERMARK; // a watermark key ends with it

    private final IndexView index;
    private final KeyStability stability;
    private final KeyPartTypes types;
    private final PropertyPaths paths;
    private final KeyAdapters adapters;
    private final ClassOutput readers;
    private int readerCount;

    UseCaseAnalyzer(IndexView index, ClassOutput readers) {
        this.index = index;
        this.stability = new KeyStability(index);
        this.types = new KeyPartTypes(index);
        this.paths = new PropertyPaths(index);
        this.adapters = new KeyAdapters(index);
        this.readers = readers;
    }

    /**
     * What reading one declaration gave: its spec, or every mistake found in it (then no spec: a method with a mistake
     * is neither woven nor recorded, the build fails on it).
     */
    record Analysis(UseCaseSpec spec, List<GCacheDefinitionException> problems) {

        static Analysis of(UseCaseSpec spec, List<GCacheDefinitionException> problems) {
            return problems.isEmpty() ? new Analysis(spec, List.of()) : new Analysis(null, List.copyOf(problems));
        }
    }

    /** Reads {@code method}'s declaration: its spec, or each of its mistakes. */
    Analysis analyze(MethodInfo method, AnnotationInstance gcached) {
        List<GCacheDefinitionException> problems = new ArrayList<>();
        UseCaseSpec spec = new UseCaseSpec();
        ClassInfo clazz = method.declaringClass();
        spec.setDeclaringClass(clazz.name().toString());
        spec.setMethodName(method.name());
        spec.setMethodKey(methodKey(method));
        spec.setSignature(signature(method));

        checkModifiers(method, problems::add);
        if (!problems.isEmpty()) {
            return Analysis.of(spec, problems); // no body, or no bean: nothing else to say about the method
        }
        checkReturnType(method, spec, problems::add);

        String keyType = string(gcached, "keyType", "");
        if (!NAME.matcher(keyType).matches()) {
            problems.add(new InvalidKeyTypeException(method, keyType));
        }
        spec.setKeyType(keyType);
        String useCase = string(gcached, "useCase", "");
        if (useCase.isEmpty()) {
            useCase = clazz.simpleName() + "." + method.name();
        }
        if (useCase.equals(RESERVED_USE_CASE)) {
            problems.add(new ReservedUseCaseException(method));
        } else if (!NAME.matcher(useCase).matches()) {
            problems.add(new InvalidUseCaseException(method, useCase));
        }
        spec.setUseCase(useCase);
        AnnotationValue track = gcached.value("trackForInvalidation");
        spec.setTracked(track == null || track.asBoolean());
        AnnotationValue requestLocal = gcached.value("requestLocal");
        spec.setRequestLocal(requestLocal != null && requestLocal.asBoolean());
        AnnotationValue coalesce = gcached.value("coalesce");
        spec.setCoalesce(coalesce == null || coalesce.asBoolean());

        AnnotationInstance local = nested(gcached, "local");
        AnnotationInstance remote = nested(gcached, "remote");
        spec.setLocalTtl(ttl(method, "local", local, problems::add));
        spec.setLocalRamp(ramp(method, "local", local, problems::add));
        spec.setRemoteTtl(ttl(method, "remote", remote, problems::add));
        spec.setRemoteRamp(ramp(method, "remote", remote, problems::add));
        spec.setFallbackTimeout(fallbackTimeout(method, string(gcached, "fallbackTimeout", ""), problems::add));
        spec.setStaleOnErrorMaxAge(staleOnErrorMaxAge(method, string(gcached, "staleOnErrorMaxAge", ""),
                spec.getRemoteTtl(), problems::add));
        shadow(method, gcached, spec, problems::add);

        keyParts(method, string(gcached, "idArg", ""), spec, problems::add);
        return Analysis.of(spec, problems);
    }

    private static void checkModifiers(MethodInfo method, Consumer<GCacheDefinitionException> problems) {
        MethodPlacement.check(method, problems, m -> new NotABeanException(m, "it is declared on an interface"),
                AbstractMethodException::new, PrivateMethodException::new, StaticMethodException::new);
    }

    private static void checkReturnType(MethodInfo method, UseCaseSpec spec,
            Consumer<GCacheDefinitionException> problems) {
        Type type = method.returnType();
        if (type.kind() == Type.Kind.VOID) {
            problems.accept(new VoidReturnTypeException(method));
            return;
        }
        DotName name = type.name();
        if (name.equals(GCacheDotNames.MULTI) || GCacheDotNames.PUBLISHERS.contains(name)) {
            problems.accept(new UnsupportedReturnTypeException(method, type.toString()));
            return;
        }
        if (name.equals(GCacheDotNames.UNI)) {
            spec.setReturnKind(ReturnKind.UNI);
        } else if (name.equals(GCacheDotNames.COMPLETION_STAGE) || name.equals(GCacheDotNames.COMPLETABLE_FUTURE)) {
            spec.setReturnKind(ReturnKind.COMPLETION_STAGE);
        } else {
            spec.setReturnKind(ReturnKind.PLAIN);
        }
        spec.setValueType(valueType(type, spec.getReturnKind()).toString());
    }

    /** The cached value's type: the return type, or the {@code T} of {@code Uni<T>} / {@code CompletionStage<T>}. */
    static Type valueType(Type returnType, ReturnKind kind) {
        if (kind == ReturnKind.PLAIN) {
            return returnType;
        }
        return returnType.kind() == Type.Kind.PARAMETERIZED_TYPE ? returnType.asParameterizedType().arguments().get(0)
                : Type.create(GCacheDotNames.OBJECT, Type.Kind.CLASS);
    }

    // ---- one use case per bean -----------------------------------------------------------------------------

    /**
     * The use case of {@code bean}'s calls of {@code method} (declared by the bean class or inherited from a
     * superclass): named after the bean class unless the annotation names it, with the value type as the bean class
     * binds its type variables. {@code null} when REMOTE could not read a value back as its type (reported).
     */
    UseCaseSpec forBean(UseCaseSpec declared, boolean explicitUseCase, MethodInfo method, ClassInfo bean,
            Consumer<GCacheDefinitionException> problems) {
        UseCaseSpec spec = copyOf(declared);
        spec.setBeanClass(bean.name().toString());
        if (!explicitUseCase) {
            spec.setUseCase(bean.simpleName() + "." + method.name());
        }
        Type valueType = valueType(BoundTypes.bind(method.returnType(), method.declaringClass(), bean, index),
                spec.getReturnKind());
        spec.setValueType(valueType.toString());
        if (BoundTypes.unreadable(valueType) && !Durations.parse(spec.getRemoteTtl()).isZero()) {
            problems.accept(new UnresolvedValueTypeException(method, bean.name().toString(), valueType.toString()));
            return null;
        }
        boolean stable = true;
        KeyPartSpec id = bindKeyPart(declared.getId(), method, bean, problems);
        stable &= id != null;
        spec.setId(id);
        List<KeyPartSpec> args = new ArrayList<>();
        for (KeyPartSpec arg : declared.getArgs()) {
            KeyPartSpec bound = bindKeyPart(arg, method, bean, problems);
            stable &= bound != null;
            args.add(bound);
        }
        spec.setArgs(args);
        return stable ? spec : null;
    }

    /**
     * Whether a key part is the parameter itself, typed with the declaring class's type variables: a bean that
     * inherits the method binds them, so its stability is decided per bean.
     */
    private static boolean boundPerBean(MethodInfo method, KeyPartSpec part) {
        return part.getPath().isEmpty() && part.getAdapterClass() == null
                && !method.declaringClass().typeParameters().isEmpty()
                && BoundTypes.hasTypeVariable(method.parameterType(part.getPosition()));
    }

    /**
     * The key part as {@code bean} binds its type (a copy: the declared spec is shared by the beans), or {@code null}
     * when that type has no stable string form (reported).
     */
    private KeyPartSpec bindKeyPart(KeyPartSpec part, MethodInfo method, ClassInfo bean,
            Consumer<GCacheDefinitionException> problems) {
        if (part == null || !boundPerBean(method, part)) {
            return part;
        }
        Type type = BoundTypes.bind(method.parameterType(part.getPosition()), method.declaringClass(), bean, index);
        String why = stability.whyUnstable(type);
        if (why != null) {
            problems.accept(new UnstableKeyPartException(method, part.getName(), type.toString(),
                    "in the bean " + bean.name() + ", " + why));
            return null;
        }
        KeyPartSpec bound = new KeyPartSpec();
        bound.setName(part.getName());
        bound.setPosition(part.getPosition());
        bound.setValueKey(stability.isValueKey(type));
        return bound;
    }

    /** A shallow copy of every property, so that a property added to the spec later is copied too. */
    private static UseCaseSpec copyOf(UseCaseSpec spec) {
        UseCaseSpec copy = new UseCaseSpec();
        try {
            for (Field field : UseCaseSpec.class.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(copy, field.get(spec));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return copy;
    }

    private static String ttl(MethodInfo method, String layer, AnnotationInstance layerAnnotation,
            Consumer<GCacheDefinitionException> problems) {
        String ttl = layerAnnotation == null ? "" : string(layerAnnotation, "ttl", "");
        String why = Durations.whyNot(ttl);
        if (why != null) {
            problems.accept(new InvalidTtlException(method, layer, ttl, why));
        }
        return ttl;
    }

    /** A deadline is a positive duration, or {@code ""} for the default. */
    private static String fallbackTimeout(MethodInfo method, String timeout, Consumer<GCacheDefinitionException> problems) {
        if (timeout.isBlank()) {
            return "";
        }
        String why = Durations.whyNotPositive(timeout);
        if (why != null) {
            problems.accept(new InvalidFallbackTimeoutException(method, timeout, why));
        }
        return timeout;
    }

    /**
     * A stale-on-error max-age is a duration longer than the annotation's REMOTE TTL (both static here; a TTL or a
     * max-age from the configuration is checked at start-up), or {@code ""} for off.
     */
    private static String staleOnErrorMaxAge(MethodInfo method, String maxAge, String remoteTtl,
            Consumer<GCacheDefinitionException> problems) {
        if (maxAge.isBlank()) {
            return "";
        }
        String why = Durations.whyNot(maxAge);
        // No remote ttl in the annotation: the configuration may give one, checked against it at start-up.
        if (why == null && Durations.whyNot(remoteTtl) == null && !Durations.parse(remoteTtl).isZero()
                && Durations.parse(maxAge).compareTo(Durations.parse(remoteTtl)) <= 0) {
            why = "it must be longer than the REMOTE ttl \"" + remoteTtl + "\"";
        }
        if (why != null) {
            problems.accept(new InvalidStaleOnErrorMaxAgeException(method, maxAge, why));
        }
        return maxAge;
    }

    private static int ramp(MethodInfo method, String layer, AnnotationInstance layerAnnotation,
            Consumer<GCacheDefinitionException> problems) {
        AnnotationValue v = layerAnnotation == null ? null : layerAnnotation.value("ramp");
        int ramp = v == null ? 100 : v.asInt();
        if (ramp < 0 || ramp > 100) {
            problems.accept(new InvalidRampException(method, layer, ramp));
        }
        return ramp;
    }

    /** {@code shadowRamp} and {@code shadowComparator}: a ramp in 0..100, a comparator that fits the value type. */
    private void shadow(MethodInfo method, AnnotationInstance gcached, UseCaseSpec spec,
            Consumer<GCacheDefinitionException> problems) {
        AnnotationValue rampValue = gcached.value("shadowRamp");
        int ramp = rampValue == null ? 0 : rampValue.asInt();
        if (ramp < 0 || ramp > 100) {
            problems.accept(new InvalidShadowRampException(method, ramp));
        }
        spec.setShadowRamp(ramp);
        AnnotationValue comparatorValue = gcached.value("shadowComparator");
        if (comparatorValue == null || comparatorValue.asClass().name().equals(GCacheDotNames.GCACHE_SHADOW_COMPARATOR)) {
            return;
        }
        DotName comparator = comparatorValue.asClass().name();
        if (!adapters.isCreatable(comparator)) {
            problems.accept(new InvalidShadowComparatorException(method, comparator.toString()));
            return;
        }
        if (spec.getValueType() != null) {
            List<Type> args = types.supertypeArguments(ClassType.create(comparator),
                    GCacheDotNames.GCACHE_SHADOW_COMPARATOR);
            Type compares = args == null || args.isEmpty() ? null : args.get(0);
            Type valueType = valueType(method.returnType(), spec.getReturnKind());
            if (compares != null && (compares.kind() == Type.Kind.CLASS
                    || compares.kind() == Type.Kind.PARAMETERIZED_TYPE)
                    && !types.isAssignable(valueType, compares.name())) {
                problems.accept(new ShadowComparatorTypeMismatchException(method, comparator.toString(),
                        compares.toString(), valueType.toString()));
                return;
            }
        }
        spec.setShadowComparator(comparator.toString());
    }

    // ---- key parts -----------------------------------------------------------------------------------------

    private void keyParts(MethodInfo method, String idArg, UseCaseSpec spec,
            Consumer<GCacheDefinitionException> problems) {
        List<MethodParameterInfo> params = method.parameters();
        List<String> names = new ArrayList<>();
        for (MethodParameterInfo p : params) {
            if (p.name() == null) {
                problems.accept(new MissingParameterNamesException(method));
                return;
            }
            names.add(p.name());
        }
        MethodParameterInfo idParam = null;
        List<String> ids = new ArrayList<>(); // each way the method names an id, for the message
        for (MethodParameterInfo p : params) {
            int marks = (p.hasAnnotation(GCacheDotNames.GCACHE_ID) ? 1 : 0)
                    + (p.hasAnnotation(GCacheDotNames.GCACHE_ARG) ? 1 : 0)
                    + (p.hasAnnotation(GCacheDotNames.GCACHE_IGNORE) ? 1 : 0);
            if (marks > 1) {
                problems.accept(new ConflictingKeyAnnotationsException(method, p.name()));
            }
            if (p.hasAnnotation(GCacheDotNames.GCACHE_ID)) {
                ids.add("@GCacheId " + p.name());
                idParam = p;
            }
        }
        if (!idArg.isEmpty()) {
            ids.add("idArg = \"" + idArg + "\"");
            int position = names.indexOf(idArg);
            if (position < 0) {
                problems.accept(new UnknownIdArgException(method, idArg, names));
            } else if (idParam == null) {
                idParam = params.get(position);
                for (DotName other : List.of(GCacheDotNames.GCACHE_ARG, GCacheDotNames.GCACHE_IGNORE)) {
                    if (idParam.hasAnnotation(other)) {
                        problems.accept(new ConflictingKeyAnnotationsException(method, idArg,
                                "@" + other.withoutPackagePrefix()));
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            problems.accept(new MissingIdException(method));
            return;
        }
        if (ids.size() > 1) {
            problems.accept(new DuplicateIdException(method, String.join(", ", ids)));
            return;
        }
        if (idParam == null) {
            return;
        }
        spec.setId(keyPart(method, idParam, idParam.annotation(GCacheDotNames.GCACHE_ID), problems));
        List<KeyPartSpec> args = new ArrayList<>();
        for (MethodParameterInfo p : params) {
            if (p.position() == idParam.position()) {
                continue;
            }
            if (p.hasAnnotation(GCacheDotNames.GCACHE_IGNORE)) {
                spec.getIgnored().add(p.name());
                continue;
            }
            KeyPartSpec arg = keyPart(method, p, p.annotation(GCacheDotNames.GCACHE_ARG), problems);
            if (arg != null) {
                args.add(arg);
            }
        }
        args.sort(Comparator.comparing(KeyPartSpec::getName));
        spec.setArgs(args);
    }

    /** One key part: the parameter, the path into it and the adapter, checked for a stable string form. */
    private KeyPartSpec keyPart(MethodInfo method, MethodParameterInfo param, AnnotationInstance annotation,
            Consumer<GCacheDefinitionException> problems) {
        KeyPartSpec part = new KeyPartSpec();
        part.setName(param.name());
        part.setPosition(param.position());
        String path = annotation == null ? "" : string(annotation, "value", "");
        Type type = param.type();
        if (!path.isEmpty()) {
            part.setPath(path);
            try {
                List<PropertyPaths.Step> steps = paths.resolve(type, path);
                type = steps.get(steps.size() - 1).type();
                String readerClass = method.declaringClass().name().toString() + "_GCacheReader" + (readerCount++);
                paths.generateReader(readers, readerClass, steps);
                part.setReaderClass(readerClass);
            } catch (PropertyPaths.NoSuchProperty e) {
                problems.accept(new UnknownPropertyException(method, param.name(), path, e.type, e.segment));
                return null;
            }
        }
        AnnotationValue adapterValue = annotation == null ? null : annotation.value("adapter");
        DotName adapter = adapterValue == null ? null : adapterValue.asClass().name();
        if (adapter != null && !adapter.equals(GCacheDotNames.GCACHE_KEY_ADAPTER)) {
            if (!adapters.isCreatable(adapter)) {
                problems.accept(new InvalidAdapterException(method, param.name(), adapter.toString()));
                return null;
            }
            Type adapts = adapters.adaptedType(adapter);
            if (adapts != null && !types.isAssignable(type, adapts.name())) {
                problems.accept(new AdapterTypeMismatchException(method, param.name() + (path.isEmpty() ? "" : "." + path),
                        adapter.toString(), adapts.name().toString(), type.toString()));
                return null;
            }
            part.setAdapterClass(adapter.toString());
            return part;
        }
        if (boundPerBean(method, part)) {
            return part; // checked with each bean's binding (forBean): CachedRepo<ID> with ID bound to Long
        }
        String why = stability.whyUnstable(type);
        if (why != null) {
            problems.accept(new UnstableKeyPartException(method, param.name() + (path.isEmpty() ? "" : "." + path),
                    type.toString(), why));
            return null;
        }
        part.setValueKey(stability.isValueKey(type));
        return part;
    }

    // ---- small readers -------------------------------------------------------------------------------------

    private static String string(AnnotationInstance a, String name, String defaultValue) {
        AnnotationValue v = a.value(name);
        return v == null ? defaultValue : v.asString();
    }

    private static AnnotationInstance nested(AnnotationInstance a, String name) {
        AnnotationValue v = a.value(name);
        return v == null ? null : v.asNested();
    }

    /** The method key of the spec; must match {@code MethodKeys.methodKey(Method)}. */
    static String methodKey(MethodInfo method) {
        StringJoiner params = new StringJoiner(",", "(", ")");
        for (Type t : method.parameterTypes()) {
            params.add(erasure(t));
        }
        return method.declaringClass().name().toString() + "#" + method.name() + params;
    }

    private static String erasure(Type type) {
        return switch (type.kind()) {
            case ARRAY -> erasure(type.asArrayType().elementType()) + "[]".repeat(type.asArrayType().deepDimensions());
            case PRIMITIVE, CLASS, PARAMETERIZED_TYPE -> type.name().toString();
            case TYPE_VARIABLE -> erasure(type.asTypeVariable().bounds().isEmpty() ? Type.create(GCacheDotNames.OBJECT,
                    Type.Kind.CLASS) : type.asTypeVariable().bounds().get(0));
            default -> Object.class.getName();
        };
    }

    /**
     * {@code method} as a person tells it apart from its overloads, in {@code owner} (the declaring class, or a bean
     * that inherits it): {@code org.acme.MistakeService#byFilter(Filter, int)}.
     */
    static String signatureIn(DotName owner, MethodInfo method) {
        StringJoiner params = new StringJoiner(", ", "(", ")");
        for (Type t : method.parameterTypes()) {
            params.add(simple(t));
        }
        return owner + "#" + method.name() + params;
    }

    private static String signature(MethodInfo method) {
        StringJoiner params = new StringJoiner(", ", "(", ")");
        for (Type t : method.parameterTypes()) {
            params.add(simple(t));
        }
        return method.declaringClass().simpleName() + "." + method.name() + params;
    }

    private static String simple(Type t) {
        String s = t.toString();
        return s.replaceAll("([a-z0-9_]+\\.)+", "").replaceAll("[A-Za-z0-9_]+\\$", ""); // Outer$Inner: Inner
    }
}
