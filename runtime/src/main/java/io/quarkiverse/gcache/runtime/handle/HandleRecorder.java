package io.quarkiverse.gcache.runtime.handle;

import java.util.function.Function;

import io.quarkiverse.gcache.GCacheHandle;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.runtime.annotations.Recorder;

/** Creates the {@link GCacheHandle} bean of each programmatic use case the build declared. */
@Recorder
public class HandleRecorder {

    public Function<SyntheticCreationalContext<GCacheHandle<?>>, GCacheHandle<?>> handle(String useCase) {
        return context -> {
            GCacheEngine engine = context.getInjectedReference(GCacheEngine.class);
            UseCase uc = engine.useCase(useCase);
            if (uc == null) {
                throw new IllegalStateException("GCache has no use case " + useCase + " for its GCacheHandle");
            }
            return new UseCaseHandle<>(engine, uc);
        };
    }
}
