package io.quarkiverse.gcache.runtime.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.GCacheMetrics.MissReason;
import io.quarkiverse.gcache.runtime.GCacheMetrics.StaleOutcome;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The Dev UI's use case row counts the misses of every reason (so the hit ratio keeps its meaning) and the stale
 * recoveries that were served (SPEC §11, §13). The real recoveries, against Redis, are StaleOnErrorTest's.
 */
class DevUiStaleRecoveriesTest {

    @Test
    void theRowSumsMissesOverReasonsAndCountsServedStaleRecoveries() {
        DevUiCounters counters = new DevUiCounters(GCacheMetrics.NONE, 1);
        GCacheEngine engine = engine(counters);
        UseCase uc = engine.useCase("Profile");
        GCacheJsonRPCService service = new GCacheJsonRPCService(engine, null);

        for (int i = 0; i < 4; i++) {
            counters.request(uc, CacheLayer.REMOTE);
        }
        counters.miss(uc, CacheLayer.REMOTE); // value_absent
        counters.miss(uc, CacheLayer.REMOTE, MissReason.EXPIRED);
        counters.miss(uc, CacheLayer.REMOTE, MissReason.WATERMARK_FENCED);
        counters.staleRecovery(uc, StaleOutcome.SERVED, 12.0);
        counters.staleRecovery(uc, StaleOutcome.MISS, 0);
        counters.staleRecovery(uc, StaleOutcome.DESERIALIZATION_ERROR, 0);

        Map<String, Object> row = service.getUseCases().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> remote = (Map<String, Object>) row.get("remote");
        assertThat(remote.get("misses")).isEqualTo(3L);
        assertThat(remote.get("hits")).isEqualTo(1L);
        assertThat(row.get("staleRecoveries")).as("served only").isEqualTo(1L);
    }

    private static GCacheEngine engine(GCacheMetrics metrics) {
        UseCaseSpec spec = new UseCaseSpec();
        spec.setUseCase("Profile");
        spec.setKeyType("user_id");
        spec.setTracked(true);
        spec.setReturnKind(ReturnKind.PLAIN);
        spec.setDeclaringClass("org.acme.Service");
        spec.setMethodName("profile");
        spec.setMethodKey("org.acme.Service#profile");
        KeyPartSpec id = new KeyPartSpec();
        id.setName("user");
        id.setPosition(0);
        id.setValueKey(true);
        spec.setId(id);
        spec.setArgs(List.of());
        spec.setLocalTtl("1h");
        return new GCacheEngine(List.of(spec), "urn:gcache", 1024, s -> 10_000,
                new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(new HashMap<>(), "test", 500)).build(),
                null, null, name -> {
                    throw new IllegalStateException("no classes to instantiate: " + name);
                }, () -> true, metrics);
    }
}
