package io.quarkiverse.gcache.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.deployment.validation.InvalidatePrivateMethodException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code @GCacheInvalidate} on a private method would never run. ArC fails such a build by default; where an
 * application has turned that into a warning ({@code quarkus.arc.fail-on-intercepted-private-method=false}), GCache
 * still fails it, since a write that silently invalidates nothing leaves stale entries behind.
 */
class InvalidatePrivateMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(HiddenWrites.class))
            .overrideConfigKey("quarkus.arc.fail-on-intercepted-private-method", "false")
            .assertException(t -> BuildErrors.assertNamesAndFix(
                    BuildErrors.single(t, InvalidatePrivateMethodException.class), HiddenWrites.class, "hidden",
                    "make the method public, protected or package-private"));

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class HiddenWrites {

        public void write(String id) {
            hidden(id);
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        private void hidden(String id) {
        }
    }
}
