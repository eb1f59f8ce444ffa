package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidUseCaseException;
import io.quarkus.test.QuarkusUnitTest;

/** {@code useCase} matches {@code [A-Za-z0-9_.-]+}: it ends every key and names config properties and metrics. */
class InvalidUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(UseCaseBean.class))
            .assertException(t -> {
                InvalidUseCaseException e = BuildErrors.single(t, InvalidUseCaseException.class);
                BuildErrors.assertNamesAndFix(e, UseCaseBean.class, "profile",
                        "use letters, digits, \"_\", \".\" and \"-\" only, e.g. useCase = \"GetUserProfile\"");
                assertThat(e).hasMessageStartingWith("the use case name \"Get User#Profile\" is not valid");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class UseCaseBean {

        @GCached(keyType = "user_id", useCase = "Get User#Profile")
        public String profile(@GCacheId String userId) {
            return userId;
        }
    }
}
