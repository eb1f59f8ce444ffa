package io.quarkiverse.gcache.runtime.invalidate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.ConfigProvider;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.runtime.config.GCacheRuntimeConfig;
import io.quarkiverse.gcache.runtime.key.PropertyReader;
import io.quarkiverse.gcache.runtime.metrics.MicrometerInvalidationCounter;
import io.quarkiverse.gcache.runtime.spec.InvalidatingMethodSpec;
import io.quarkiverse.gcache.runtime.spec.InvalidationSpec;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.annotations.Recorder;
import io.smallrye.config.SmallRyeConfig;

/** Turns the build's {@code @GCacheInvalidate} specs into the {@link InvalidatingMethods} the interceptor uses. */
@Recorder
public class InvalidateRecorder {

    public Supplier<InvalidatingMethods> methods(List<InvalidatingMethodSpec> specs, boolean micrometer) {
        return () -> {
            GCache gcache = Arc.container().instance(GCache.class).get();
            InvalidationFailures failures = new InvalidationFailures(micrometer ? micrometerCounter()
                    : InvalidationFailures.Counter.NONE);
            Map<String, InvalidatingMethod> byKey = new HashMap<>();
            for (InvalidatingMethodSpec spec : specs) {
                EntityInvalidation[] entities = spec.getInvalidations().stream().map(InvalidateRecorder::entity)
                        .toArray(EntityInvalidation[]::new);
                byKey.put(spec.getMethodKey(), new InvalidatingMethod(spec.getName(), spec.getReturnKind(), entities,
                        gcache, failures, BlockingOperationControl::isBlockingAllowed));
            }
            return new InvalidatingMethods(byKey);
        };
    }

    /** Only called with Micrometer present: the class it names needs it. */
    private static InvalidationFailures.Counter micrometerCounter() {
        GCacheRuntimeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(GCacheRuntimeConfig.class);
        return new MicrometerInvalidationCounter(Arc.container().instance(MeterRegistry.class).get(),
                config.metrics().prefix().orElse(""));
    }

    @SuppressWarnings("unchecked")
    private static EntityInvalidation entity(InvalidationSpec spec) {
        KeyPartSpec id = spec.getId();
        PropertyReader reader = id.getReaderClass() == null ? null : (PropertyReader) instantiate(id.getReaderClass());
        GCacheKeyAdapter<Object> adapter = id.getAdapterClass() == null ? null
                : (GCacheKeyAdapter<Object>) instantiate(id.getAdapterClass());
        return new EntityInvalidation(spec.getKeyType(), Duration.ofMillis(spec.getFutureBufferMillis()), id.describe(),
                id.getPosition(), reader, adapter);
    }

    /** A generated property reader, or an adapter: the bean if there is one, else a new instance. */
    private static Object instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            InstanceHandle<?> bean = Arc.container().instance(type);
            return bean.isAvailable() ? bean.get() : type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("GCache cannot create " + className, e);
        }
    }
}
