package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.DuplicateUseCaseException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A bean that inherits a cached find(String) and declares a cached overload find(String, int): both default to
 * "Sub.find". The error's fix must be one that works here: a useCase on the bean's own overload.
 */
class InheritedOverloadUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Base.class, Sub.class))
            .assertException(t -> {
                DuplicateUseCaseException e = BuildErrors.single(t, DuplicateUseCaseException.class);
                assertThat(e).hasMessageContaining("\"Sub.find\"").hasMessageNotContaining("rename one of the two bean");
                assertThat(e.getMessage()).contains("its own @GCached(useCase = \"...\")");
                // both methods with their parameter types: the inherited find(String) and the bean's find(String, int)
                assertThat(e).hasMessageContaining("which inherits " + Base.class.getName() + "#find(String), is also "
                        + "that of " + Sub.class.getName() + "#find(String, int)");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public abstract static class Base {
        @GCached(keyType = "user", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id) {
            return id;
        }
    }

    @ApplicationScoped
    public static class Sub extends Base {
        @GCached(keyType = "user", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId String id, int page) {
            return id + page;
        }
    }
}
