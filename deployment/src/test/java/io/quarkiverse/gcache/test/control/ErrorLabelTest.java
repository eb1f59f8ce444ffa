package io.quarkiverse.gcache.test.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The {@code error} label of {@code gcache_error_counter} names the exception's class; an anonymous exception class
 * has an empty simple name, so the label names the class it extends.
 */
class ErrorLabelTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Failing.class, AnonymousFailure.class));

    @Inject
    Failing failing;

    @Inject
    GCache gcache;

    @Inject
    MeterRegistry registry;

    @Test
    void anAnonymousExceptionIsLabelledByTheClassItExtends() {
        try (GCacheScope scope = gcache.enable()) {
            // the key cannot be built: the method runs uncached and the error is counted
            assertThat(failing.find("42", "q")).isEqualTo("found-42");
        }
        List<String> labels = registry.getMeters().stream()
                .filter(m -> m.getId().getName().endsWith("gcache_error_counter"))
                .map(m -> m.getId().getTag("error"))
                .toList();
        assertThat(labels).containsExactly("IllegalStateException");
    }

    /** An adapter that fails with an anonymous exception class, as code that subclasses on the spot does. */
    public static class AnonymousFailure implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            throw new IllegalStateException("no key for " + value) {
            };
        }
    }

    @ApplicationScoped
    public static class Failing {

        @GCached(keyType = "user_id", useCase = "Failing", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String userId, @GCacheArg(adapter = AnonymousFailure.class) String q) {
            return "found-" + userId;
        }
    }
}
