package io.quarkiverse.gcache.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.gcache.deployment.GCacheUseCasesBuildItem.CachedMethod;
import io.quarkiverse.gcache.runtime.spec.InvalidationSpec;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveHierarchyBuildItem;

/**
 * What a native image needs that the JVM gives for free: the classes GCache reaches by name or by reflection when the
 * application starts, and the value types Jackson reads and writes for REMOTE. Nothing here runs per call. Untested in
 * a native build (no GraalVM or Mandrel where this was written): the guide's "Native" section says what is known.
 */
class GCacheNativeProcessor {

    static final String VALUES = "GCache: REMOTE values, written and read by Jackson";
    static final String BY_NAME = "GCache: created or looked up by class name at start-up";
    static final String METHODS = "GCache: cached methods, looked up once at start-up for their generic return type";
    static final String RECORD_KEYS = "GCache: records in keys, rendered from their components";

    /**
     * The cached values' types with their generic arguments ({@code List<User>}: {@code User}), for Jackson, and
     * through {@link ReflectiveHierarchyBuildItem} the types their properties hold. Every use case's, as a property can
     * turn REMOTE on at run time for one whose annotation has no remote ttl.
     */
    @BuildStep
    void remoteValueTypes(GCacheUseCasesBuildItem useCases, CombinedIndexBuildItem combinedIndex,
            BuildProducer<ReflectiveClassBuildItem> reflective, BuildProducer<ReflectiveHierarchyBuildItem> hierarchy) {
        IndexView index = combinedIndex.getComputingIndex();
        Set<String> classes = new TreeSet<>();
        for (CachedMethod cached : useCases.getMethods()) {
            MethodInfo method = cached.method();
            Type valueType = UseCaseAnalyzer.valueType(
                    BoundTypes.bind(method.returnType(), method.declaringClass(), cached.bean(), index),
                    cached.spec().getReturnKind());
            Set<String> named = new TreeSet<>();
            collectClasses(valueType, named);
            classes.addAll(named);
            for (String name : named) {
                hierarchy.produce(ReflectiveHierarchyBuildItem.builder(DotName.createSimple(name)).index(index)
                        .source(VALUES).build());
            }
        }
        if (!classes.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(classes).constructors().methods().fields()
                    .reason(VALUES).build());
        }
    }

    /**
     * What the recorder reaches by name: the call sites (their {@code INSTANCE} field), the generated property readers
     * and the key adapters (their no-argument constructor; an adapter that is a bean is looked up by its class), the
     * classes that declare cached methods (their methods, for the value's generic type) and the bean classes between
     * them (for the type variables they bind); and the Prometheus classes whose presence the metrics probe.
     */
    @BuildStep
    void classesReachedByName(GCacheUseCasesBuildItem useCases, GCacheCallSitesBuildItem callSites,
            CombinedIndexBuildItem combinedIndex, BuildProducer<ReflectiveClassBuildItem> reflective) {
        IndexView index = combinedIndex.getComputingIndex();
        if (!callSites.getClassNames().isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(callSites.getClassNames()).fields().reason(BY_NAME)
                    .build());
        }
        Set<String> created = new TreeSet<>();
        Set<String> declaring = new TreeSet<>();
        Set<String> beans = new TreeSet<>();
        for (CachedMethod cached : useCases.getMethods()) {
            List<KeyPartSpec> parts = new ArrayList<>(cached.spec().getArgs());
            parts.add(cached.spec().getId());
            for (KeyPartSpec part : parts) {
                if (part != null && part.getReaderClass() != null) {
                    created.add(part.getReaderClass());
                }
                if (part != null && part.getAdapterClass() != null) {
                    created.add(part.getAdapterClass());
                }
            }
            if (cached.spec().getShadowComparator() != null) {
                created.add(cached.spec().getShadowComparator()); // created by name too, when it is not a bean
            }
            DotName declaringName = cached.method().declaringClass().name();
            declaring.add(declaringName.toString());
            for (ClassInfo c = cached.bean(); c != null && !c.name().equals(declaringName); c = superclass(c, index)) {
                beans.add(c.name().toString());
            }
        }
        if (!created.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(created).constructors().reason(BY_NAME).build());
        }
        if (!declaring.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(declaring).queryMethods().reason(METHODS).build());
        }
        if (!beans.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(beans).reason(METHODS).build());
        }
        reflective.produce(ReflectiveClassBuildItem.builder("io.micrometer.prometheus.PrometheusMeterRegistry",
                "io.prometheus.client.Histogram").weak().reason(BY_NAME).build());
    }

    /** The property readers and key adapters of {@code @GCacheInvalidate} ids, which its recorder creates by name. */
    @BuildStep
    void invalidationIdsReachedByName(GCacheInvalidationsBuildItem invalidations,
            BuildProducer<ReflectiveClassBuildItem> reflective) {
        Set<String> created = new TreeSet<>();
        for (GCacheInvalidationsBuildItem.Invalidating m : invalidations.getMethods()) {
            for (InvalidationSpec invalidation : m.spec().getInvalidations()) {
                KeyPartSpec id = invalidation.getId();
                if (id.getReaderClass() != null) {
                    created.add(id.getReaderClass());
                }
                if (id.getAdapterClass() != null) {
                    created.add(id.getAdapterClass());
                }
            }
        }
        if (!created.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(created).constructors().reason(BY_NAME).build());
        }
    }

    /**
     * The records among the key parts' types (and the records inside them): a key renders a record from its
     * components, found by reflection once per record class.
     */
    @BuildStep
    void recordsInKeys(GCacheUseCasesBuildItem useCases, CombinedIndexBuildItem combinedIndex,
            BuildProducer<ReflectiveClassBuildItem> reflective) {
        IndexView index = combinedIndex.getComputingIndex();
        PropertyPaths paths = new PropertyPaths(index);
        Set<String> records = new TreeSet<>();
        for (CachedMethod cached : useCases.getMethods()) {
            List<KeyPartSpec> parts = new ArrayList<>(cached.spec().getArgs());
            parts.add(cached.spec().getId());
            for (KeyPartSpec part : parts) {
                if (part == null || part.getAdapterClass() != null) {
                    continue; // an adapter makes the key string itself
                }
                MethodInfo method = cached.method();
                Type type = BoundTypes.bind(method.parameterType(part.getPosition()), method.declaringClass(),
                        cached.bean(), index);
                try {
                    if (!part.getPath().isEmpty()) {
                        List<PropertyPaths.Step> steps = paths.resolve(type, part.getPath());
                        type = steps.get(steps.size() - 1).type();
                    }
                } catch (PropertyPaths.NoSuchProperty e) {
                    continue; // a build error already
                }
                collectRecords(type, index, records);
            }
        }
        if (!records.isEmpty()) {
            reflective.produce(ReflectiveClassBuildItem.builder(records).methods().fields().reason(RECORD_KEYS).build());
        }
    }

    /** The application classes a type names: itself, its generic arguments, array components, bounds. */
    static void collectClasses(Type type, Set<String> into) {
        switch (type.kind()) {
            case CLASS -> addClass(type.name(), into);
            case PARAMETERIZED_TYPE -> {
                addClass(type.name(), into);
                type.asParameterizedType().arguments().forEach(a -> collectClasses(a, into));
            }
            case ARRAY -> collectClasses(type.asArrayType().elementType(), into);
            case WILDCARD_TYPE -> collectClasses(type.asWildcardType().extendsBound(), into);
            case TYPE_VARIABLE -> type.asTypeVariable().bounds().forEach(b -> collectClasses(b, into));
            default -> {
                // primitives, void, unresolved variables: nothing to register
            }
        }
    }

    /** JDK types need no registration of ours: Jackson and the JDK know them. */
    private static void addClass(DotName name, Set<String> into) {
        String s = name.toString();
        if (!s.startsWith("java.") && !s.startsWith("javax.") && !s.startsWith("jdk.")) {
            into.add(s);
        }
    }

    private static void collectRecords(Type type, IndexView index, Set<String> into) {
        Set<String> named = new TreeSet<>();
        collectClasses(type, named);
        for (String name : named) {
            ClassInfo info = index.getClassByName(DotName.createSimple(name));
            if (info != null && info.isRecord() && into.add(name)) {
                for (RecordComponentInfo component : info.recordComponents()) {
                    collectRecords(component.type(), index, into);
                }
            }
        }
    }

    private static ClassInfo superclass(ClassInfo c, IndexView index) {
        return c.superName() == null ? null : index.getClassByName(c.superName());
    }
}
