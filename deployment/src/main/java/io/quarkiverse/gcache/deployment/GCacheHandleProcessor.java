package io.quarkiverse.gcache.deployment;

import jakarta.inject.Singleton;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.IndexView;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.GCacheUseCase;
import io.quarkiverse.gcache.deployment.GCacheHandlesBuildItem.Bean;
import io.quarkiverse.gcache.deployment.GCacheHandlesBuildItem.Declared;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.handle.HandleRecorder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanRegistrationPhaseBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveHierarchyBuildItem;

/**
 * Programmatic use cases (SPEC §14): finds the {@code @GCacheUseCase GCacheHandle<T>} injection points among ArC's
 * beans ({@link HandleAnalyzer}), hands their use cases to {@link GCacheProcessor} (which declares them with the
 * {@code @GCached} ones, so they get configuration, metrics, Dev UI rows and invalidation), and registers one
 * synthetic {@link GCacheHandle} bean per use case and type.
 */
class GCacheHandleProcessor {

    /** The runtime jar is not a bean archive: its qualifier is made known to ArC here. */
    @BuildStep
    AdditionalBeanBuildItem qualifier() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(GCacheUseCase.class).build();
    }

    @BuildStep
    GCacheHandlesBuildItem findHandles(BeanRegistrationPhaseBuildItem registration) {
        return HandleAnalyzer.analyze(registration.getInjectionPoints());
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void handleBeans(HandleRecorder recorder, GCacheHandlesBuildItem handles,
            BuildProducer<SyntheticBeanBuildItem> syntheticBeans) {
        int n = 0;
        for (Bean bean : handles.getBeans()) {
            syntheticBeans.produce(SyntheticBeanBuildItem.configure(GCacheHandle.class)
                    .identifier("gcache_handle_" + n++)
                    .types(bean.handleType())
                    .qualifiers(AnnotationInstance.builder(HandleAnalyzer.GCACHE_USE_CASE)
                            .add("value", bean.useCase()).add("keyType", bean.keyType()).build())
                    .scope(Singleton.class)
                    .unremovable()
                    .addInjectionPoint(ClassType.create(GCacheEngine.class))
                    .createWith(recorder.handle(bean.useCase()))
                    .setRuntimeInit()
                    .done());
        }
    }

    /** A native image needs the handles' value types for Jackson, as it needs the cached methods' ones. */
    @BuildStep
    void valueTypesForReflection(GCacheHandlesBuildItem handles, CombinedIndexBuildItem combinedIndex,
            BuildProducer<ReflectiveHierarchyBuildItem> hierarchy) {
        IndexView index = combinedIndex.getComputingIndex();
        for (Declared handle : handles.getUseCases()) {
            hierarchy.produce(ReflectiveHierarchyBuildItem.builder(handle.valueType()).index(index)
                    .source("GCache handle value type").build());
        }
    }
}
