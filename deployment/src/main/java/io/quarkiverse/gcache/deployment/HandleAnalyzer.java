package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.spi.DeploymentException;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ArrayType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.deployment.GCacheHandlesBuildItem.Bean;
import io.quarkiverse.gcache.deployment.GCacheHandlesBuildItem.Declared;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.HandleDefinitionException;
import io.quarkiverse.gcache.deployment.validation.HandleMismatchException;
import io.quarkiverse.gcache.deployment.validation.HandleTypeVariableException;
import io.quarkiverse.gcache.deployment.validation.HandleUseCaseClashException;
import io.quarkiverse.gcache.deployment.validation.HandleWithoutUseCaseException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleFallbackTimeoutException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleKeyTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleRampException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleTtlException;
import io.quarkiverse.gcache.deployment.validation.InvalidHandleUseCaseException;
import io.quarkiverse.gcache.deployment.validation.RawHandleException;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.arc.processor.InjectionPointInfo;

/**
 * Reads the {@code @GCacheUseCase GCacheHandle<T>} injection points into use case specs (SPEC §14): one per distinct
 * use case, checked like a {@code @GCached} method's (names, layers, fallback timeout), with {@code T} as the value
 * type REMOTE reads back. Injection points that declare the same use case the same way share it; any other sharing of
 * a name, with another handle or with a {@code @GCached} method, is a build error.
 */
final class HandleAnalyzer {

    static final DotName GCACHE_HANDLE = DotName.createSimple(GCacheHandle.class);
    static final DotName GCACHE_USE_CASE = DotName.createSimple(GCacheUseCase.class);

    private final Map<String, List<Declared>> byName = new LinkedHashMap<>();
    private final Map<String, Bean> beans = new LinkedHashMap<>();
    private final List<GCacheDefinitionException> problems = new ArrayList<>();
    /** Whether an injection point cannot have a bean at all (ArC would report it unsatisfied, hiding why). */
    private boolean unsatisfiable;

    /**
     * The handles of these injection points (every bean's), their beans, and the mistakes found. An injection point
     * that no bean can satisfy (no type argument, a type variable or wildcard, no {@code @GCacheUseCase}) fails the
     * build here, with every handle mistake: ArC would otherwise stop first at "unsatisfied dependency".
     */
    static GCacheHandlesBuildItem analyze(Collection<InjectionPointInfo> injectionPoints) {
        HandleAnalyzer analyzer = new HandleAnalyzer();
        injectionPoints.stream().filter(ip -> !ip.isSynthetic() && ip.getRequiredType().name().equals(GCACHE_HANDLE))
                .sorted(Comparator.comparing(HandleDefinitionException::where)) // reports in a stable order
                .forEach(analyzer::read);
        List<Declared> declared = analyzer.shared();
        if (analyzer.unsatisfiable) {
            throw deploymentException(analyzer.problems);
        }
        return new GCacheHandlesBuildItem(declared, List.copyOf(analyzer.beans.values()), analyzer.problems);
    }

    /** The problems as ArC reports its own: one as the cause, several as suppressed exceptions. */
    private static DeploymentException deploymentException(List<GCacheDefinitionException> problems) {
        if (problems.size() == 1) {
            return new DeploymentException(problems.get(0));
        }
        StringBuilder message = new StringBuilder("Found " + problems.size() + " deployment problems: ");
        for (int i = 0; i < problems.size(); i++) {
            message.append("\n[").append(i + 1).append("] ").append(problems.get(i).getMessage());
        }
        DeploymentException e = new DeploymentException(message.toString());
        problems.forEach(e::addSuppressed);
        return e;
    }

    /**
     * The handles' specs whose names no {@code @GCached} method has; a clash is reported.
     *
     * @param methodUseCases the methods' use cases: name to method
     */
    static List<UseCaseSpec> withoutClashes(List<Declared> handles, Map<String, String> methodUseCases,
            Consumer<GCacheDefinitionException> problems) {
        List<UseCaseSpec> specs = new ArrayList<>();
        for (Declared handle : handles) {
            String method = methodUseCases.get(handle.spec().getUseCase());
            if (method != null) {
                problems.accept(new HandleUseCaseClashException(handle.injectionPoint(), handle.spec().getUseCase(),
                        method));
            } else {
                specs.add(handle.spec());
            }
        }
        return specs;
    }

    private void read(InjectionPointInfo ip) {
        Type type = ip.getRequiredType();
        AnnotationInstance qualifier = ip.getRequiredQualifier(GCACHE_USE_CASE);
        if (type.kind() != Type.Kind.PARAMETERIZED_TYPE) {
            problems.add(new RawHandleException(ip));
            unsatisfiable = true;
            return;
        }
        Type valueType = type.asParameterizedType().arguments().get(0);
        if (hasVariable(valueType)) {
            problems.add(new HandleTypeVariableException(ip, valueType.toString()));
            unsatisfiable = true;
            return;
        }
        if (qualifier == null) {
            problems.add(new HandleWithoutUseCaseException(ip));
            unsatisfiable = true;
            return;
        }
        String useCase = string(qualifier, "value");
        String keyType = string(qualifier, "keyType");
        // A bean even for a use case with mistakes, so the build reports the mistake, not an unsatisfied dependency too.
        beans.putIfAbsent(useCase + "|" + keyType + "|" + type, new Bean(type, useCase, keyType));
        int before = problems.size();
        UseCaseSpec spec = spec(ip, qualifier, useCase, keyType, valueType);
        if (problems.size() == before) {
            byName.computeIfAbsent(useCase, n -> new ArrayList<>()).add(new Declared(spec, ip, valueType));
        }
    }

    /**
     * One use case per name: injection points that declare it the same way share it; one that differs from the first
     * is a mistake, reported once per use case with every difference.
     */
    private List<Declared> shared() {
        List<Declared> declared = new ArrayList<>();
        for (Map.Entry<String, List<Declared>> e : byName.entrySet()) {
            Declared first = e.getValue().get(0);
            List<String> differences = new ArrayList<>();
            for (Declared other : e.getValue().subList(1, e.getValue().size())) {
                String difference = difference(first.spec(), other.spec());
                if (difference != null) {
                    differences.add("the " + HandleDefinitionException.where(other.injectionPoint()) + " declares "
                            + difference);
                }
            }
            if (differences.isEmpty()) {
                declared.add(first);
            } else {
                problems.add(new HandleMismatchException(first.injectionPoint(), e.getKey(),
                        String.join("; ", differences)));
            }
        }
        return declared;
    }

    private UseCaseSpec spec(InjectionPointInfo ip, AnnotationInstance qualifier, String useCase, String keyType,
            Type valueType) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setProgrammatic(true);
        if (useCase.equals(UseCaseAnalyzer.RESERVED_USE_CASE) || !UseCaseAnalyzer.NAME.matcher(useCase).matches()) {
            problems.add(new InvalidHandleUseCaseException(ip, useCase, useCase.equals(UseCaseAnalyzer.RESERVED_USE_CASE)));
        }
        if (!UseCaseAnalyzer.NAME.matcher(keyType).matches()) {
            problems.add(new InvalidHandleKeyTypeException(ip, keyType));
        }
        spec.setUseCase(useCase);
        spec.setKeyType(keyType);
        AnnotationValue track = qualifier.value("trackForInvalidation");
        spec.setTracked(track == null || track.asBoolean());
        String where = HandleDefinitionException.where(ip);
        spec.setDeclaringClass(HandleDefinitionException.className(ip));
        spec.setSignature(where + " (GCacheHandle<" + valueType + ">)");
        spec.setReturnKind(ReturnKind.PLAIN);
        spec.setValueType(typeName(valueType));
        KeyPartSpec id = new KeyPartSpec();
        id.setName("id");
        id.setPosition(0);
        spec.setId(id);
        AnnotationInstance local = nested(qualifier, "local");
        AnnotationInstance remote = nested(qualifier, "remote");
        spec.setLocalTtl(ttl(ip, "local", local));
        spec.setLocalRamp(ramp(ip, "local", local));
        spec.setRemoteTtl(ttl(ip, "remote", remote));
        spec.setRemoteRamp(ramp(ip, "remote", remote));
        spec.setFallbackTimeout(fallbackTimeout(ip, qualifier.value("fallbackTimeout") == null ? ""
                : qualifier.value("fallbackTimeout").asString()));
        return spec;
    }

    /** What two declarations of one use case disagree on, or {@code null}. */
    private static String difference(UseCaseSpec a, UseCaseSpec b) {
        Map<String, String[]> fields = new LinkedHashMap<>();
        fields.put("keyType", new String[] { a.getKeyType(), b.getKeyType() });
        fields.put("GCacheHandle<T>", new String[] { a.getValueType(), b.getValueType() });
        fields.put("local ttl", new String[] { a.getLocalTtl(), b.getLocalTtl() });
        fields.put("local ramp", new String[] { "" + a.getLocalRamp(), "" + b.getLocalRamp() });
        fields.put("remote ttl", new String[] { a.getRemoteTtl(), b.getRemoteTtl() });
        fields.put("remote ramp", new String[] { "" + a.getRemoteRamp(), "" + b.getRemoteRamp() });
        fields.put("trackForInvalidation", new String[] { "" + a.isTracked(), "" + b.isTracked() });
        fields.put("fallbackTimeout", new String[] { a.getFallbackTimeout(), b.getFallbackTimeout() });
        String differences = fields.entrySet().stream().filter(e -> !Objects.equals(e.getValue()[0], e.getValue()[1]))
                .map(e -> e.getKey() + " \"" + e.getValue()[1] + "\" instead of \"" + e.getValue()[0] + "\"")
                .collect(Collectors.joining(", "));
        return differences.isEmpty() ? null : differences;
    }

    private String ttl(InjectionPointInfo ip, String layer, AnnotationInstance layerAnnotation) {
        AnnotationValue v = layerAnnotation == null ? null : layerAnnotation.value("ttl");
        String ttl = v == null ? "" : v.asString();
        String why = Durations.whyNot(ttl);
        if (why != null) {
            problems.add(new InvalidHandleTtlException(ip, layer, ttl, why));
        }
        return ttl;
    }

    private int ramp(InjectionPointInfo ip, String layer, AnnotationInstance layerAnnotation) {
        AnnotationValue v = layerAnnotation == null ? null : layerAnnotation.value("ramp");
        int ramp = v == null ? 100 : v.asInt();
        if (ramp < 0 || ramp > 100) {
            problems.add(new InvalidHandleRampException(ip, layer, ramp));
        }
        return ramp;
    }

    private String fallbackTimeout(InjectionPointInfo ip, String timeout) {
        if (timeout.isBlank()) {
            return "";
        }
        String why = Durations.whyNotPositive(timeout);
        if (why != null) {
            problems.add(new InvalidHandleFallbackTimeoutException(ip, timeout, why));
        }
        return timeout;
    }

    private static String string(AnnotationInstance annotation, String name) {
        AnnotationValue v = annotation.value(name);
        return v == null ? "" : v.asString();
    }

    private static AnnotationInstance nested(AnnotationInstance annotation, String name) {
        AnnotationValue v = annotation.value(name);
        return v == null ? null : v.asNested();
    }

    /** Whether REMOTE could not read a value back as {@code type}: it holds a type variable or a wildcard. */
    static boolean hasVariable(Type type) {
        return switch (type.kind()) {
            case TYPE_VARIABLE, UNRESOLVED_TYPE_VARIABLE, TYPE_VARIABLE_REFERENCE, WILDCARD_TYPE -> true;
            case PARAMETERIZED_TYPE -> type.asParameterizedType().arguments().stream().anyMatch(HandleAnalyzer::hasVariable);
            case ARRAY -> hasVariable(type.asArrayType().elementType());
            default -> false;
        };
    }

    /**
     * The type as the runtime reads it back ({@code TypeNames}): binary class names ({@code Outer$User}), type
     * arguments without spaces, array brackets; no type annotations.
     */
    static String typeName(Type type) {
        return switch (type.kind()) {
            case PARAMETERIZED_TYPE -> type.name() + type.asParameterizedType().arguments().stream()
                    .map(HandleAnalyzer::typeName).collect(Collectors.joining(",", "<", ">"));
            case ARRAY -> {
                ArrayType array = type.asArrayType();
                yield typeName(array.elementType()) + "[]".repeat(array.deepDimensions());
            }
            default -> type.name().toString();
        };
    }
}
