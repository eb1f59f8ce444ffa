package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.deployment.validation.ClassLevelAnnotationException;
import io.quarkiverse.gcache.deployment.validation.DuplicateUseCaseException;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.NotABeanException;
import io.quarkiverse.gcache.runtime.GCacheEnabledInterceptor;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.GCacheProducer;
import io.quarkiverse.gcache.runtime.GCacheRecorder;
import io.quarkiverse.gcache.runtime.GCachedInterceptor;
import io.quarkiverse.gcache.runtime.UseCaseIndex;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.deployment.GeneratedClassGizmoAdaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;

/**
 * The build of GCache: registers its beans, reads every {@code @GCached} method into a use case spec
 * ({@link UseCaseAnalyzer}), reports every mistake together, and records the specs for the runtime engine.
 */
class GCacheProcessor {

    private static final String FEATURE = "gcache";
    private static final String RUNTIME_PACKAGE = "io.quarkiverse.gcache.runtime";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        // The runtime jar is not a bean archive: its interceptors and producers are registered here.
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(GCachedInterceptor.class, GCacheEnabledInterceptor.class, GCacheProducer.class)
                .setUnremovable()
                .build();
    }

    @BuildStep
    void readUseCases(CombinedIndexBuildItem combinedIndex, BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<GCacheUseCasesBuildItem> useCases, BuildProducer<GCacheDefinitionErrorsBuildItem> errors) {
        IndexView index = combinedIndex.getComputingIndex();
        UseCaseAnalyzer analyzer = new UseCaseAnalyzer(index, new GeneratedClassGizmoAdaptor(generatedClasses, true));
        List<GCacheDefinitionException> problems = new ArrayList<>();
        List<UseCaseSpec> specs = new ArrayList<>();
        Map<String, MethodInfo> byUseCase = new HashMap<>();
        for (AnnotationInstance gcached : combinedIndex.getIndex().getAnnotations(GCacheDotNames.GCACHED)) {
            AnnotationTarget target = gcached.target();
            if (target.kind() == AnnotationTarget.Kind.CLASS) {
                if (!target.asClass().name().toString().startsWith(RUNTIME_PACKAGE)) {
                    problems.add(new ClassLevelAnnotationException(target.asClass()));
                }
                continue;
            }
            if (target.kind() != AnnotationTarget.Kind.METHOD) {
                continue;
            }
            MethodInfo method = target.asMethod();
            UseCaseSpec spec = analyzer.analyze(method, gcached, problems::add);
            if (spec == null) {
                continue;
            }
            MethodInfo other = byUseCase.putIfAbsent(spec.getUseCase(), method);
            if (other != null) {
                problems.add(new DuplicateUseCaseException(method, spec.getUseCase(),
                        other.declaringClass().name() + "#" + other.name()));
                continue;
            }
            specs.add(spec);
        }
        useCases.produce(new GCacheUseCasesBuildItem(specs));
        errors.produce(new GCacheDefinitionErrorsBuildItem(problems));
    }

    /**
     * Keeps the adapters that are beans: GCache looks them up by type at start-up, which ArC cannot see, so it
     * would remove them as unused and GCache would fall back to a new instance without its injected fields.
     */
    @BuildStep
    UnremovableBeanBuildItem adapterBeans(GCacheUseCasesBuildItem useCases) {
        Set<DotName> adapters = new HashSet<>();
        for (UseCaseSpec spec : useCases.getUseCases()) {
            addAdapter(adapters, spec.getId());
            for (KeyPartSpec arg : spec.getArgs()) {
                addAdapter(adapters, arg);
            }
        }
        return UnremovableBeanBuildItem.beanTypes(adapters);
    }

    private static void addAdapter(Set<DotName> adapters, KeyPartSpec part) {
        if (part != null && part.getAdapterClass() != null) {
            adapters.add(DotName.createSimple(part.getAdapterClass()));
        }
    }

    /** Reports the declaration mistakes and the cached methods that no bean exposes, all in one go. */
    @BuildStep
    void validate(ValidationPhaseBuildItem validationPhase, CombinedIndexBuildItem combinedIndex,
            GCacheDefinitionErrorsBuildItem definitionErrors, BuildProducer<ValidationErrorBuildItem> errors) {
        List<Throwable> problems = new ArrayList<>(definitionErrors.getErrors());
        Set<DotName> beanClassHierarchy = new HashSet<>();
        IndexView index = combinedIndex.getIndex();
        for (BeanInfo bean : validationPhase.getContext().beans().classBeans()) {
            for (ClassInfo c = bean.getImplClazz(); c != null; c = c.superName() == null ? null
                    : index.getClassByName(c.superName())) {
                beanClassHierarchy.add(c.name());
            }
        }
        for (AnnotationInstance gcached : index.getAnnotations(GCacheDotNames.GCACHED)) {
            if (gcached.target().kind() != AnnotationTarget.Kind.METHOD) {
                continue;
            }
            MethodInfo method = gcached.target().asMethod();
            ClassInfo declaring = method.declaringClass();
            if (declaring.isInterface()) {
                problems.add(new NotABeanException(method, "interceptors do not apply to interface methods"));
            } else if (!beanClassHierarchy.contains(declaring.name())) {
                problems.add(new NotABeanException(method, declaring.name() + " is not a CDI bean"));
            }
        }
        if (!problems.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(problems));
        }
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void engine(GCacheRecorder recorder, GCacheUseCasesBuildItem useCases,
            BuildProducer<SyntheticBeanBuildItem> syntheticBeans) {
        syntheticBeans.produce(SyntheticBeanBuildItem.configure(GCacheEngine.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.engine(useCases.getUseCases()))
                .setRuntimeInit()
                .done());
        syntheticBeans.produce(SyntheticBeanBuildItem.configure(UseCaseIndex.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.index(useCases.getUseCases()))
                .setRuntimeInit()
                .done());
    }
}
