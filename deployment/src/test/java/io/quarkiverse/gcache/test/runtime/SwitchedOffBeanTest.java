package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.arc.Arc;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Beans switched off for this build (a prod-only bean in a test build, a property-gated bean, an alternative nobody
 * selected) carry {@code @GCached} without breaking the build; the beans that are there are cached as usual.
 */
public class SwitchedOffBeanTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Live.class, ProdOnly.class, Fancy.class, Mock.class));

    @Inject
    Live live;

    @Inject
    GCache gcache;

    @Test
    void theBuildStartsAndTheLiveBeanIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(live.find("1")).isEqualTo("live-1");
            assertThat(live.find("1")).isEqualTo("live-1");
        }
        assertThat(live.runs()).isEqualTo(1);
        assertThat(Arc.container().instance(ProdOnly.class).isAvailable()).isFalse();
        assertThat(Arc.container().instance(Fancy.class).isAvailable()).isFalse();
        assertThat(Arc.container().instance(Mock.class).isAvailable()).isFalse();
    }

    @ApplicationScoped
    public static class Live {
        private final AtomicInteger runs = new AtomicInteger();

        @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            runs.incrementAndGet();
            return "live-" + id;
        }

        public int runs() {
            return runs.get();
        }
    }

    @IfBuildProfile("prod")
    @ApplicationScoped
    public static class ProdOnly {
        @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            return "prod-" + id;
        }
    }

    @IfBuildProperty(name = "acme.fancy", stringValue = "on")
    @ApplicationScoped
    public static class Fancy {
        @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            return "fancy-" + id;
        }
    }

    @Alternative
    @ApplicationScoped
    public static class Mock {
        @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            return "mock-" + id;
        }
    }
}
