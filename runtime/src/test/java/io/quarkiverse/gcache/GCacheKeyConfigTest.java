package io.quarkiverse.gcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A provider's per-call config names the layers with a TTL and a ramp, and no other. */
class GCacheKeyConfigTest {

    @Test
    void requestLocalAndGlobalAreRefusedLikeAnyLayerWithoutTtlAndRamp() {
        for (CacheLayer layer : new CacheLayer[] { CacheLayer.REQUEST_LOCAL, CacheLayer.GLOBAL }) {
            assertThatThrownBy(() -> GCacheKeyConfig.empty().with(layer, Duration.ofSeconds(1), 100))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(layer.name());
        }
    }

    @Test
    void localAndRemoteAreSet() {
        GCacheKeyConfig config = GCacheKeyConfig.empty().with(CacheLayer.LOCAL, Duration.ofSeconds(5), 50);
        assertThat(config.layer(CacheLayer.LOCAL)).contains(new GCacheKeyConfig.Layer(Duration.ofSeconds(5), 50));
        assertThat(config.layer(CacheLayer.REQUEST_LOCAL)).isEmpty();
        assertThat(CacheLayer.values()[0]).as("the first layer a call reads").isEqualTo(CacheLayer.REQUEST_LOCAL);
    }
}
