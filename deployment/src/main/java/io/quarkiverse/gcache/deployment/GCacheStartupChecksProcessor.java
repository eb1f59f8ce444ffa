package io.quarkiverse.gcache.deployment;

import io.quarkiverse.gcache.runtime.GCacheRecorder;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.annotations.Record;

/**
 * The start's check of the static configuration (SPEC §14). It runs at run time, where the configuration is, and
 * before the engine is created ({@link GCacheProcessor} starts the engine after {@link GCacheStaticConfigCheckedBuildItem}).
 */
class GCacheStartupChecksProcessor {

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Produce(GCacheStaticConfigCheckedBuildItem.class)
    void checkStaticConfig(GCacheRecorder recorder, GCacheUseCasesBuildItem useCases) {
        recorder.failOnUnreadableStaticValues(useCases.getUseCases());
    }
}
