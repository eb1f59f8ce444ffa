package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A cached method inherited from a superclass outside the application archive (here: on the test class path, which
 * QuarkusUnitTest indexes) is cached on the bean that inherits it. A library jar with no Jandex index at all could
 * not be reproduced in a QuarkusUnitTest; see the guide's note on unindexed superclasses.
 */
public class LibrarySuperclassTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            // LibraryBase is left out of the application archive.
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class));

    @Inject
    Catalog catalog;

    @Inject
    GCache gcache;

    @Test
    void theInheritedMethodIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(catalog.find("1")).isEqualTo("lib-1");
            assertThat(catalog.find("1")).isEqualTo("lib-1");
        }
        assertThat(catalog.runs()).isEqualTo(1);
    }

    public abstract static class LibraryBase {
        private final AtomicInteger runs = new AtomicInteger();

        @GCached(keyType = "item", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            runs.incrementAndGet();
            return "lib-" + id;
        }

        public int runs() {
            return runs.get();
        }
    }

    @ApplicationScoped
    public static class Catalog extends LibraryBase {
    }
}
