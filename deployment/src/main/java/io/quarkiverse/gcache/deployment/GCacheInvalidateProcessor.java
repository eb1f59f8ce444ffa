package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.deployment.GCacheInvalidationsBuildItem.Invalidating;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.InvalidateNotABeanException;
import io.quarkiverse.gcache.deployment.validation.InvalidateOnClassException;
import io.quarkiverse.gcache.runtime.invalidate.GCacheInvalidateInterceptor;
import io.quarkiverse.gcache.runtime.invalidate.InvalidateRecorder;
import io.quarkiverse.gcache.runtime.invalidate.InvalidatingMethods;
import io.quarkiverse.gcache.runtime.spec.InvalidatingMethodSpec;
import io.quarkiverse.gcache.runtime.spec.InvalidationSpec;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.BuildExclusionsBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.deployment.GeneratedClassGizmoAdaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;

/**
 * The build of {@code @GCacheInvalidate} (SPEC §14): reads each annotated method into a spec
 * ({@link InvalidationAnalyzer}), reports every mistake with the {@code @GCached} ones, and hands the specs to the
 * interceptor. Apart from {@link GCacheProcessor} because it shares none of its steps: an interceptor, not weaving,
 * so {@code @GCached}'s hot path does not know about it.
 */
class GCacheInvalidateProcessor {

    private static final Logger LOG = Logger.getLogger(GCacheInvalidateProcessor.class);
    private static final String RUNTIME_PACKAGE = "io.quarkiverse.gcache.runtime";
    private static final int ACC_BRIDGE = 0x0040;
    private static final int ACC_SYNTHETIC = 0x1000;

    @BuildStep
    AdditionalBeanBuildItem invalidateInterceptor() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(GCacheInvalidateInterceptor.class).setUnremovable()
                .build();
    }

    /** Reads every {@code @GCacheInvalidate}, alone or repeated, grouped by method. */
    @BuildStep
    GCacheInvalidationsBuildItem readInvalidations(CombinedIndexBuildItem combinedIndex,
            BuildProducer<GeneratedClassBuildItem> generatedClasses) {
        IndexView index = combinedIndex.getIndex();
        Map<MethodInfo, List<AnnotationInstance>> byMethod = new LinkedHashMap<>();
        List<GCacheDefinitionException> problems = new ArrayList<>();
        Set<ClassInfo> classTargets = new HashSet<>();
        List<AnnotationInstance> annotations = new ArrayList<>(index.getAnnotations(GCacheDotNames.GCACHE_INVALIDATE));
        for (AnnotationInstance list : index.getAnnotations(GCacheDotNames.GCACHE_INVALIDATE_LIST)) {
            for (AnnotationInstance one : list.value().asNestedArray()) {
                // a nested instance has no target of its own: give it the container's
                annotations.add(AnnotationInstance.create(one.name(), list.target(), one.values()));
            }
        }
        for (AnnotationInstance annotation : annotations) {
            AnnotationTarget target = annotation.target();
            if (target.kind() == AnnotationTarget.Kind.CLASS) {
                if (!target.asClass().name().toString().startsWith(RUNTIME_PACKAGE) && classTargets.add(target.asClass())) {
                    problems.add(new InvalidateOnClassException(target.asClass()));
                }
                continue;
            }
            if (target.kind() == AnnotationTarget.Kind.METHOD
                    && (target.asMethod().flags() & (ACC_BRIDGE | ACC_SYNTHETIC)) == 0) {
                byMethod.computeIfAbsent(target.asMethod(), m -> new ArrayList<>()).add(annotation);
            }
        }
        InvalidationAnalyzer analyzer = new InvalidationAnalyzer(combinedIndex.getComputingIndex(),
                new GeneratedClassGizmoAdaptor(generatedClasses, true));
        List<Invalidating> methods = new ArrayList<>();
        byMethod.forEach((method, declared) -> {
            InvalidatingMethodSpec spec = analyzer.analyze(method, declared, problems::add);
            if (spec != null) {
                methods.add(new Invalidating(method, spec));
            }
        });
        return new GCacheInvalidationsBuildItem(methods, problems);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    SyntheticBeanBuildItem invalidatingMethods(InvalidateRecorder recorder, GCacheInvalidationsBuildItem invalidations,
            Optional<MetricsCapabilityBuildItem> metricsCapability) {
        boolean micrometer = metricsCapability.map(m -> m.metricsSupported(MetricsFactory.MICROMETER)).orElse(false);
        List<InvalidatingMethodSpec> specs = invalidations.getMethods().stream().map(Invalidating::spec).toList();
        return SyntheticBeanBuildItem.configure(InvalidatingMethods.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.methods(new ArrayList<>(specs), micrometer))
                .setRuntimeInit()
                .done();
    }

    /**
     * Reports the declaration mistakes and the annotated methods that no bean exposes (unless their class is switched
     * off for this build), all with the other problems ArC reports.
     */
    @BuildStep
    void validateInvalidations(GCacheInvalidationsBuildItem invalidations, BeanDiscoveryFinishedBuildItem beans,
            CombinedIndexBuildItem combinedIndex, BuildExclusionsBuildItem exclusions,
            BuildProducer<ValidationErrorBuildItem> errors) {
        IndexView index = combinedIndex.getComputingIndex();
        List<Throwable> problems = new ArrayList<>(invalidations.getErrors());
        List<ClassInfo> beanClasses = beans.beanStream().classBeans().stream().map(BeanInfo::getImplClazz)
                .filter(c -> c != null).toList();
        for (Invalidating invalidating : invalidations.getMethods()) {
            ClassInfo declaring = invalidating.method().declaringClass();
            if (!GCacheProcessor.inBeanHierarchy(declaring, beanClasses, index)
                    && !GCacheProcessor.switchedOff(declaring, index, exclusions)) {
                problems.add(new InvalidateNotABeanException(invalidating.method(), declaring.name()
                        + " is not a CDI bean"));
            }
        }
        if (!problems.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(problems));
        }
    }

    /**
     * Warns about a {@code @GCacheInvalidate} whose key type no tracked {@code @GCached} method of the application has:
     * a typo invalidates nothing. Not an error: another service sharing the Redis may cache that entity. The producer
     * is declared, never used: Quarkus runs only the build steps that declare an item someone consumes.
     */
    @BuildStep
    void warnAboutUnknownKeyTypes(GCacheInvalidationsBuildItem invalidations, GCacheUseCasesBuildItem cached,
            BuildProducer<ValidationErrorBuildItem> unused) {
        Set<String> tracked = new HashSet<>();
        // every use case: the methods' and the GCacheHandle ones'
        cached.getUseCases().stream().filter(s -> s.isTracked()).forEach(s -> tracked.add(s.getKeyType()));
        for (Invalidating invalidating : invalidations.getMethods()) {
            for (InvalidationSpec spec : invalidating.spec().getInvalidations()) {
                if (!tracked.contains(spec.getKeyType())) {
                    MethodInfo method = invalidating.method();
                    LOG.warnf("GCache: @GCacheInvalidate(keyType = \"%s\") [class=%s, method=%s] reaches no tracked"
                            + " @GCached method of this application (key types: %s). Check the spelling; it is right"
                            + " if another service sharing the Redis caches that entity.", spec.getKeyType(),
                            method.declaringClass().name(), method.name(), new TreeSet<>(tracked));
                }
            }
        }
    }

    /** Keeps the adapters that are beans: the recorder looks them up programmatically. */
    @BuildStep
    UnremovableBeanBuildItem invalidateAdapterBeans(GCacheInvalidationsBuildItem invalidations) {
        Set<String> adapters = new HashSet<>();
        for (Invalidating invalidating : invalidations.getMethods()) {
            for (InvalidationSpec spec : invalidating.spec().getInvalidations()) {
                if (spec.getId().getAdapterClass() != null) {
                    adapters.add(spec.getId().getAdapterClass());
                }
            }
        }
        return UnremovableBeanBuildItem.beanClassNames(adapters);
    }
}
