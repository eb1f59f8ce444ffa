package io.quarkiverse.gcache.runtime;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkiverse.gcache.runtime.config.GCacheRuntimeConfig;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.annotations.Recorder;
import io.smallrye.config.SmallRyeConfig;

/** Turns the build's use case specs into the engine and the interceptor's index at run time. */
@Recorder
public class GCacheRecorder {

    public Supplier<GCacheEngine> engine(List<UseCaseSpec> specs) {
        return () -> {
            Config config = ConfigProvider.getConfig();
            GCacheRuntimeConfig gcache = config.unwrap(SmallRyeConfig.class).getConfigMapping(GCacheRuntimeConfig.class);
            return new GCacheEngine(specs, gcache.keyPrefix(), gcache.maxKeyLength(), gcache.local().maxSize(), config,
                    GCacheRecorder::instantiate, BlockingOperationControl::isBlockingAllowed, GCacheMetrics.NONE);
        };
    }

    public Supplier<UseCaseIndex> index(List<UseCaseSpec> specs) {
        return () -> new UseCaseIndex(specs);
    }

    /** A generated property reader, or an adapter: the bean if there is one, else a new instance. */
    private static Object instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            InstanceHandle<?> bean = Arc.container().instance(type);
            if (bean.isAvailable()) {
                return bean.get();
            }
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("GCache cannot create " + className, e);
        }
    }
}
