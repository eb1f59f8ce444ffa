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
import java.util.TreeMap;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import io.quarkiverse.gcache.deployment.validation.ClassLevelAnnotationException;
import io.quarkiverse.gcache.deployment.validation.DuplicateUseCaseException;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.NotABeanException;
import io.quarkiverse.gcache.deployment.validation.PackagePrivateInheritedException;
import io.quarkiverse.gcache.deployment.validation.SharedUseCaseException;
import io.quarkiverse.gcache.deployment.GCacheDeclaredMethodsBuildItem.Declared;
import io.quarkiverse.gcache.runtime.GCacheEnabledInterceptor;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.GCacheProducer;
import io.quarkiverse.gcache.runtime.GCacheRecorder;
import io.quarkiverse.gcache.runtime.config.GCacheBuildTimeConfig;
import io.quarkiverse.gcache.runtime.remote.RedisOptionsCapture;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkiverse.gcache.deployment.GCacheUseCasesBuildItem.CachedMethod;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanRegistrationPhaseBuildItem;
import io.quarkus.arc.deployment.BuildExclusionsBuildItem;
import io.quarkus.arc.deployment.CompletedApplicationClassPredicateBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
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
 * <p>
 * Over 400 lines: its build steps are ordered by the build items they pass (declared methods, ArC's beans, use
 * cases per bean, weaving, recording), and reading them in one file shows that order; the per-rule analysis already
 * lives in {@link UseCaseAnalyzer}, {@link BoundTypes} and {@link PropertyPaths}.
 */
class GCacheProcessor {

    private static final String FEATURE = "gcache";
    private static final int ACC_BRIDGE = 0x0040;
    private static final int ACC_SYNTHETIC = 0x1000;
    private static final DotName ALTERNATIVE = DotName.createSimple("jakarta.enterprise.inject.Alternative");

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        // The runtime jar is not a bean archive: its interceptor and producer are registered here. @GCached has no
        // interceptor: its methods are woven (weave()). RedisOptionsCapture is looked up only when Quarkus creates a
        // Redis client (and by the recorder), never injected: unremovable, like the others.
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(GCacheEnabledInterceptor.class, GCacheProducer.class, RedisOptionsCapture.class)
                .setUnremovable()
                .build();
    }

    /** Reads every {@code @GCached} method's declaration; which beans call it is known later ({@link #useCasesOfBeans}). */
    @BuildStep
    GCacheDeclaredMethodsBuildItem readUseCases(CombinedIndexBuildItem combinedIndex,
            BuildProducer<GeneratedClassBuildItem> generatedClasses) {
        IndexView index = combinedIndex.getComputingIndex();
        UseCaseAnalyzer analyzer = new UseCaseAnalyzer(index, new GeneratedClassGizmoAdaptor(generatedClasses, true));
        List<GCacheDefinitionException> problems = new ArrayList<>();
        List<Declared> methods = new ArrayList<>();
        for (AnnotationInstance gcached : combinedIndex.getIndex().getAnnotations(GCacheDotNames.GCACHED)) {
            AnnotationTarget target = gcached.target();
            if (target.kind() == AnnotationTarget.Kind.CLASS) {
                problems.add(new ClassLevelAnnotationException(target.asClass()));
                continue;
            }
            if (target.kind() != AnnotationTarget.Kind.METHOD || isBridge(target.asMethod())) {
                continue;
            }
            MethodInfo method = target.asMethod();
            UseCaseAnalyzer.Analysis analysis = analyzer.analyze(method, gcached);
            problems.addAll(analysis.problems());
            if (analysis.spec() != null) {
                AnnotationValue useCase = gcached.value("useCase");
                methods.add(new Declared(method, analysis.spec(), useCase != null && !useCase.asString().isEmpty()));
            }
        }
        return new GCacheDeclaredMethodsBuildItem(methods, problems);
    }

    /**
     * A bridge javac wrote for a generic or covariant override: it carries a copy of the method's annotations and
     * calls the method itself, so only the method is read and woven (calls through the bridge reach its entry).
     */
    private static boolean isBridge(MethodInfo method) {
        return (method.flags() & (ACC_BRIDGE | ACC_SYNTHETIC)) != 0;
    }

    /**
     * Gives each bean class that calls a {@code @GCached} method, declared in it or inherited, its own use case: the
     * beans are ArC's (so classes switched off for this build by {@code @IfBuildProfile}, {@code @IfBuildProperty} or
     * an unselected {@code @Alternative} have none), and the use cases must be unique. Reports, with the declaration
     * mistakes, every cached method that no bean calls unless its class was switched off.
     */
    @BuildStep
    void useCasesOfBeans(GCacheDeclaredMethodsBuildItem declared, BeanRegistrationPhaseBuildItem registration,
            CombinedIndexBuildItem combinedIndex, BuildExclusionsBuildItem exclusions,
            GCacheHandlesBuildItem handles, BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<GCacheUseCasesBuildItem> useCases, BuildProducer<GCacheDefinitionErrorsBuildItem> errors) {
        IndexView index = combinedIndex.getComputingIndex();
        UseCaseAnalyzer analyzer = new UseCaseAnalyzer(index, new GeneratedClassGizmoAdaptor(generatedClasses, true));
        List<GCacheDefinitionException> problems = new ArrayList<>(declared.getErrors());
        // Class beans, by name for a stable order. An alternative without a priority is not selected: not there.
        Map<DotName, ClassInfo> beans = new TreeMap<>();
        registration.getContext().beans().classBeans()
                .filter(b -> !b.isAlternative() || b.getPriority() != null)
                .forEach(b -> beans.put(b.getImplClazz().name(), b.getImplClazz()));
        List<CachedMethod> methods = new ArrayList<>();
        Map<String, String> byUseCase = new HashMap<>();
        for (Declared d : declared.getMethods()) {
            MethodInfo method = d.method();
            ClassInfo declaring = method.declaringClass();
            List<ClassInfo> callers = beans.values().stream().filter(b -> calls(b, method, index)).toList();
            if (callers.isEmpty()) {
                if (!inBeanHierarchy(declaring, beans.values(), index) && !switchedOff(declaring, index, exclusions)) {
                    problems.add(new NotABeanException(method, declaring.name() + " is not a CDI bean"));
                }
                continue; // every bean overrides it (a super call runs it uncached), or its beans are switched off
            }
            if (d.explicitUseCase() && callers.size() > 1) {
                problems.add(new SharedUseCaseException(method, d.spec().getUseCase(),
                        callers.stream().map(c -> c.name().toString()).toList()));
                continue;
            }
            for (ClassInfo bean : callers) {
                if (isPackagePrivate(method) && !samePackage(bean, declaring)) {
                    problems.add(new PackagePrivateInheritedException(method, bean.name().toString()));
                    continue;
                }
                UseCaseSpec spec = analyzer.forBean(d.spec(), d.explicitUseCase(), method, bean, problems::add);
                if (spec == null) {
                    continue;
                }
                String where = UseCaseAnalyzer.signatureIn(bean.name(), method);
                String other = byUseCase.putIfAbsent(spec.getUseCase(), where);
                if (other != null) {
                    // an inherited method's default use case is named after the bean: two beans with one simple name
                    problems.add(bean.name().equals(declaring.name())
                            ? new DuplicateUseCaseException(method, spec.getUseCase(), where, other)
                            : DuplicateUseCaseException.inherited(method, spec.getUseCase(), bean.name().toString(),
                                    UseCaseAnalyzer.signatureIn(declaring.name(), method), other));
                    continue;
                }
                methods.add(new CachedMethod(method, spec, bean));
            }
        }
        problems.addAll(handles.getProblems());
        useCases.produce(new GCacheUseCasesBuildItem(methods,
                HandleAnalyzer.withoutClashes(handles.getUseCases(), byUseCase, problems::add)));
        errors.produce(new GCacheDefinitionErrorsBuildItem(problems));
    }

    /**
     * Sends {@code super.m()} of a woven method, from any subclass, to its body. javac names the direct superclass as
     * the owner; every class between it and the declaring class that does not override the method resolves to it too,
     * so each of them is an owner to rewrite: walk down from the declaring class to the first override.
     */
    private static void addSuperCalls(MethodInfo method, String descriptor, IndexView index,
            Map<String, Map<String, String>> superCallsByClass) {
        DotName declaring = method.declaringClass().name();
        String body = CachedMethodWeaver.bodyName(method.name(), declaring.toString());
        for (ClassInfo sub : index.getAllKnownSubclasses(declaring)) {
            Map<String, String> superCalls = superCallsByClass.computeIfAbsent(sub.name().toString(), c -> new HashMap<>());
            List<ClassInfo> chain = new ArrayList<>();
            for (ClassInfo c = superclass(sub, index); c != null; c = superclass(c, index)) {
                chain.add(c);
                if (c.name().equals(declaring)) {
                    break;
                }
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (i < chain.size() - 1 && declares(chain.get(i), method.name(), descriptor)) {
                    break;
                }
                superCalls.put(CachedMethodWeaver.superCallKey(chain.get(i).name().toString(), method.name(), descriptor),
                        body);
            }
        }
    }

    private static boolean isPackagePrivate(MethodInfo method) {
        return (method.flags() & (java.lang.reflect.Modifier.PUBLIC | java.lang.reflect.Modifier.PROTECTED
                | java.lang.reflect.Modifier.PRIVATE)) == 0;
    }

    private static boolean samePackage(ClassInfo a, ClassInfo b) {
        String x = a.name().toString();
        String y = b.name().toString();
        return x.substring(0, Math.max(0, x.lastIndexOf('.'))).equals(y.substring(0, Math.max(0, y.lastIndexOf('.'))));
    }

    /** Whether a call of {@code method} on an instance of {@code bean} runs that very method (no override in between). */
    private static boolean calls(ClassInfo bean, MethodInfo method, IndexView index) {
        String descriptor = MethodDescriptor.of(method).getDescriptor();
        for (ClassInfo c = bean; c != null; c = superclass(c, index)) {
            if (c.name().equals(method.declaringClass().name())) {
                return true;
            }
            if (declares(c, method.name(), descriptor)) {
                return false; // overridden (a bridge counts: it is how javac overrides with another erasure)
            }
        }
        return false;
    }

    private static boolean declares(ClassInfo c, String name, String descriptor) {
        for (MethodInfo m : c.methods()) {
            if (m.name().equals(name) && MethodDescriptor.of(m).getDescriptor().equals(descriptor)) {
                return true;
            }
        }
        return false;
    }

    private static ClassInfo superclass(ClassInfo c, IndexView index) {
        return c.superName() == null ? null : index.getClassByName(c.superName());
    }

    static boolean inBeanHierarchy(ClassInfo declaring, Collection<ClassInfo> beans, IndexView index) {
        for (ClassInfo bean : beans) {
            for (ClassInfo c = bean; c != null; c = superclass(c, index)) {
                if (c.name().equals(declaring.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the class, or a subclass of it, is a bean switched off for this build: vetoed by a build condition
     * ({@code @IfBuildProfile}, {@code @IfBuildProperty} and their {@code Unless} twins) or an {@code @Alternative}
     * that is not selected (ArC has no bean for it).
     */
    static boolean switchedOff(ClassInfo declaring, IndexView index, BuildExclusionsBuildItem exclusions) {
        List<ClassInfo> classes = new ArrayList<>(index.getAllKnownSubclasses(declaring.name()));
        classes.add(declaring);
        return classes.stream().anyMatch(c -> exclusions.isExcluded(c) || c.hasDeclaredAnnotation(ALTERNATIVE));
    }

    /**
     * Keeps the adapters that are beans: the engine looks them up programmatically, so ArC would otherwise remove
     * them as unused and the engine would have to create them without their injections.
     */
    @BuildStep
    UnremovableBeanBuildItem adapterBeans(GCacheDeclaredMethodsBuildItem declared) {
        Set<String> adapters = new HashSet<>();
        for (UseCaseSpec spec : declared.getMethods().stream().map(Declared::spec).toList()) {
            List<KeyPartSpec> parts = new ArrayList<>(spec.getArgs());
            parts.add(spec.getId());
            for (KeyPartSpec part : parts) {
                if (part != null && part.getAdapterClass() != null) {
                    adapters.add(part.getAdapterClass());
                }
            }
            if (spec.getShadowComparator() != null) {
                adapters.add(spec.getShadowComparator()); // looked up the same way
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

    /** Keeps the application's {@link io.quarkiverse.gcache.GCacheStaleRecoveryPolicy}, looked up programmatically. */
    @BuildStep
    UnremovableBeanBuildItem staleRecoveryPolicyBean() {
        return UnremovableBeanBuildItem.beanTypes(GCacheDotNames.GCACHE_STALE_RECOVERY_POLICY);
    }

    /** Reports the declaration mistakes and the cached methods that no bean exposes, all in one go. */
    @BuildStep
    void validate(ValidationPhaseBuildItem validationPhase, GCacheDefinitionErrorsBuildItem definitionErrors,
            BuildProducer<ValidationErrorBuildItem> errors) {
        if (!definitionErrors.getErrors().isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(new ArrayList<Throwable>(definitionErrors.getErrors())));
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
     * Weaves the cache into every class that declares a cached method some bean calls, adds an override to each bean
     * class that inherits one ({@link CachedMethodWeaver}), sends super calls of those methods to the superclass's
     * body, and generates the call site of each use case ({@link CallSiteGenerator}). Methods with mistakes are left
     * alone: the build fails on them anyway.
     */
    @BuildStep
    GCacheCallSitesBuildItem weave(GCacheUseCasesBuildItem useCases, CombinedIndexBuildItem combinedIndex,
            CompletedApplicationClassPredicateBuildItem applicationClasses,
            BuildProducer<GeneratedClassBuildItem> generatedClasses,
            BuildProducer<BytecodeTransformerBuildItem> transformers) {
        IndexView index = combinedIndex.getComputingIndex();
        Map<String, Map<String, CachedMethodWeaver.Target>> targetsByClass = new LinkedHashMap<>();
        Map<String, List<CachedMethodWeaver.Inherited>> inheritedByClass = new LinkedHashMap<>();
        Map<String, Map<String, String>> superCallsByClass = new LinkedHashMap<>();
        Map<MethodInfo, String> declaredSites = new HashMap<>();
        Map<MethodInfo, ReturnKind> woven = new LinkedHashMap<>();
        Set<MethodInfo> inheritedMethods = new HashSet<>();
        Set<String> siteNames = new LinkedHashSet<>();
        for (CachedMethod cached : useCases.getMethods()) {
            MethodInfo method = cached.method();
            String owner = method.declaringClass().name().toString();
            String bean = cached.bean().name().toString();
            String descriptor = MethodDescriptor.of(method).getDescriptor();
            String siteName = bean + "_GCache_" + method.name();
            for (int n = 1; !siteNames.add(siteName); n++) {
                siteName = bean + "_GCache_" + method.name() + "_" + n; // an overload
            }
            // In the bean's package and class loader, so that a package-private bean class is accessible.
            generatedClasses.produce(new GeneratedClassBuildItem(applicationClasses.test(cached.bean().name()),
                    siteName, CallSiteGenerator.generate(siteName, bean.replace('.', '/'),
                            CachedMethodWeaver.bodyName(method.name(), owner), descriptor,
                            cached.spec().getUseCase())));
            woven.put(method, cached.spec().getReturnKind());
            if (bean.equals(owner)) {
                declaredSites.put(method, siteName);
            } else {
                inheritedMethods.add(method);
                String[] exceptions = method.exceptions().stream().map(t -> t.name().toString().replace('.', '/'))
                        .toArray(String[]::new);
                inheritedByClass.computeIfAbsent(bean, c -> new ArrayList<>()).add(new CachedMethodWeaver.Inherited(
                        method.name(), descriptor, method.flags(), exceptions, siteName, cached.spec().getReturnKind()));
            }
        }
        woven.forEach((method, kind) -> {
            String owner = method.declaringClass().name().toString();
            String descriptor = MethodDescriptor.of(method).getDescriptor();
            targetsByClass.computeIfAbsent(owner, c -> new HashMap<>()).put(method.name() + descriptor,
                    new CachedMethodWeaver.Target(declaredSites.get(method), kind, inheritedMethods.contains(method)));
            addSuperCalls(method, descriptor, index, superCallsByClass);
        });
        Set<String> classes = new LinkedHashSet<>(targetsByClass.keySet());
        classes.addAll(inheritedByClass.keySet());
        classes.addAll(superCallsByClass.keySet());
        for (String className : classes) {
            Map<String, CachedMethodWeaver.Target> targets = targetsByClass.getOrDefault(className, Map.of());
            List<CachedMethodWeaver.Inherited> inherited = inheritedByClass.getOrDefault(className, List.of());
            Map<String, String> superCalls = superCallsByClass.getOrDefault(className, Map.of());
            transformers.produce(new BytecodeTransformerBuildItem.Builder()
                    .setClassToTransform(className)
                    .setVisitorFunction((name, next) -> new CachedMethodWeaver(next, name, targets, inherited, superCalls))
                    .build());
        }
        return new GCacheCallSitesBuildItem(List.copyOf(siteNames));
    }

    /**
     * Starts the engine with the application (REMOTE subscribes to invalidations at once), binds the call sites to it,
     * and stops it with the application.
     */
    @BuildStep
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    @Consume(GCacheStaticConfigCheckedBuildItem.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    void start(GCacheRecorder recorder, ShutdownContextBuildItem shutdown, GCacheCallSitesBuildItem sites) {
        recorder.startAndStopWith(shutdown, sites.getClassNames());
    }
}
