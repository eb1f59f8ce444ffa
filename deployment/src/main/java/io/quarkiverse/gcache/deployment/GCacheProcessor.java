package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import io.quarkiverse.gcache.runtime.config.GCacheBuildTimeConfig;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkiverse.gcache.deployment.GCacheUseCasesBuildItem.CachedMethod;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.CompletedApplicationClassPredicateBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.BeanInfo;
import io.quarkus.arc.processor.BuildExtension;
import io.quarkus.deployment.GeneratedClassGizmoAdaptor;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.BytecodeTransformerBuildItem;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.GeneratedClassBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.gizmo.MethodDescriptor;
import io.quarkus.runtime.metrics.MetricsFactory;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.redis.deployment.client.RequestedRedisClientBuildItem;
import io.quarkus.redis.runtime.client.config.RedisConfig;

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
        // The runtime jar is not a bean archive: its interceptor and producer are registered here. @GCached has no
        // interceptor: its methods are woven (weave()).
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(GCacheEnabledInterceptor.class, GCacheProducer.class)
                .setUnremovable()
                .build();
    }

    @BuildStep
    void readUseCases(CombinedIndexBuildItem combinedIndex, BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<GCacheUseCasesBuildItem> useCases, BuildProducer<GCacheDefinitionErrorsBuildItem> errors) {
        IndexView index = combinedIndex.getComputingIndex();
        UseCaseAnalyzer analyzer = new UseCaseAnalyzer(index, new GeneratedClassGizmoAdaptor(generatedClasses, true));
        List<GCacheDefinitionException> problems = new ArrayList<>();
        List<CachedMethod> methods = new ArrayList<>();
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
            methods.add(new CachedMethod(method, spec));
        }
        useCases.produce(new GCacheUseCasesBuildItem(methods));
        errors.produce(new GCacheDefinitionErrorsBuildItem(problems));
    }

    /**
     * Keeps the adapters that are beans: the engine looks them up programmatically, so ArC would otherwise remove
     * them as unused and the engine would have to create them without their injections.
     */
    @BuildStep
    UnremovableBeanBuildItem adapterBeans(GCacheUseCasesBuildItem useCases) {
        Set<String> adapters = new HashSet<>();
        for (UseCaseSpec spec : useCases.getUseCases()) {
            List<KeyPartSpec> parts = new ArrayList<>(spec.getArgs());
            parts.add(spec.getId());
            for (KeyPartSpec part : parts) {
                if (part != null && part.getAdapterClass() != null) {
                    adapters.add(part.getAdapterClass());
                }
            }
        }
        return UnremovableBeanBuildItem.beanClassNames(adapters);
    }

    /**
     * Keeps the application's {@link io.quarkiverse.gcache.GCacheConfigProvider} and {@link io.quarkiverse.gcache.GCacheCodec}
     * beans: the engine looks them up programmatically, so ArC would otherwise remove them as unused and the provider
     * would never be asked, the codecs never used.
     */
    @BuildStep
    UnremovableBeanBuildItem providerAndCodecBeans() {
        return UnremovableBeanBuildItem.beanTypes(GCacheDotNames.GCACHE_CONFIG_PROVIDER, GCacheDotNames.GCACHE_CODEC);
    }

    /** Reports the declaration mistakes and the cached methods that no bean exposes, all in one go. */
    @BuildStep
    void validate(ValidationPhaseBuildItem validationPhase, CombinedIndexBuildItem combinedIndex,
            GCacheDefinitionErrorsBuildItem definitionErrors, BuildProducer<ValidationErrorBuildItem> errors) {
        List<Throwable> problems = new ArrayList<>(definitionErrors.getErrors());
        Set<DotName> beanClassHierarchy = new HashSet<>();
        IndexView index = combinedIndex.getIndex();
        // Unused beans are removed before validation, yet their methods are still on beans: count them too.
        List<BeanInfo> beans = new ArrayList<>();
        validationPhase.getContext().beans().classBeans().forEach(beans::add);
        Collection<BeanInfo> removed = validationPhase.getContext().get(BuildExtension.Key.REMOVED_BEANS);
        if (removed != null) {
            removed.stream().filter(BeanInfo::isClassBean).forEach(beans::add);
        }
        for (BeanInfo bean : beans) {
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
                problems.add(new NotABeanException(method, "GCache caches methods of bean classes, not of interfaces"));
            } else if (!beanClassHierarchy.contains(declaring.name())) {
                problems.add(new NotABeanException(method, declaring.name() + " is not a CDI bean"));
            }
        }
        if (!problems.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(problems));
        }
    }

    /** Asks quarkus-redis-client for the client REMOTE uses; it stays inactive unless its hosts are configured. */
    @BuildStep
    RequestedRedisClientBuildItem redisClient(GCacheBuildTimeConfig config) {
        return new RequestedRedisClientBuildItem(config.remote().clientName().orElse(RedisConfig.DEFAULT_CLIENT_NAME));
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void engine(GCacheRecorder recorder, GCacheUseCasesBuildItem useCases, GCacheBuildTimeConfig config,
            Optional<MetricsCapabilityBuildItem> metricsCapability, BuildProducer<SyntheticBeanBuildItem> syntheticBeans) {
        boolean micrometer = metricsCapability.map(m -> m.metricsSupported(MetricsFactory.MICROMETER)).orElse(false);
        syntheticBeans.produce(SyntheticBeanBuildItem.configure(GCacheEngine.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.engine(useCases.getUseCases(), config.remote().clientName().orElse(null),
                        micrometer))
                .setRuntimeInit()
                .done());
    }

    /**
     * Weaves the cache into every valid {@code @GCached} method ({@link CachedMethodWeaver}) and generates the call
     * site each one hands its calls to ({@link CallSiteGenerator}). Methods with mistakes are left alone: the build
     * fails on them anyway.
     */
    @BuildStep
    GCacheCallSitesBuildItem weave(GCacheUseCasesBuildItem useCases,
            CompletedApplicationClassPredicateBuildItem applicationClasses,
            BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<BytecodeTransformerBuildItem> transformers) {
        Map<String, Map<String, CachedMethodWeaver.Target>> targetsByClass = new LinkedHashMap<>();
        Set<String> siteNames = new LinkedHashSet<>();
        for (CachedMethod cached : useCases.getMethods()) {
            MethodInfo method = cached.method();
            String owner = method.declaringClass().name().toString();
            String descriptor = MethodDescriptor.of(method).getDescriptor();
            String siteName = owner + "_GCache_" + method.name();
            for (int n = 1; !siteNames.add(siteName); n++) {
                siteName = owner + "_GCache_" + method.name() + "_" + n; // an overload
            }
            // In the bean's package and class loader, so that a package-private bean class is accessible.
            generatedClasses.produce(new GeneratedClassBuildItem(applicationClasses.test(method.declaringClass().name()),
                    siteName, CallSiteGenerator.generate(siteName, owner.replace('.', '/'), method.name(), descriptor,
                            cached.spec().getUseCase())));
            targetsByClass.computeIfAbsent(owner, c -> new HashMap<>()).put(method.name() + descriptor,
                    new CachedMethodWeaver.Target(siteName, cached.spec().getReturnKind()));
        }
        targetsByClass.forEach((className, targets) -> transformers.produce(new BytecodeTransformerBuildItem.Builder()
                .setClassToTransform(className)
                .setVisitorFunction((name, next) -> new CachedMethodWeaver(next, name, targets))
                .build()));
        return new GCacheCallSitesBuildItem(List.copyOf(siteNames));
    }

    /**
     * Starts the engine with the application (REMOTE subscribes to invalidations at once), binds the call sites to it,
     * and stops it with the application.
     */
    @BuildStep
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    void start(GCacheRecorder recorder, ShutdownContextBuildItem shutdown, GCacheCallSitesBuildItem sites) {
        recorder.startAndStopWith(shutdown, sites.getClassNames());
    }
}
