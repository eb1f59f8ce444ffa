package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.deployment.validation.InvalidateUnknownParameterException;
import io.quarkus.test.QuarkusUnitTest;

/** One {@code @GCacheInvalidate} mistake alone is the cause of ArC's {@code DeploymentException}. */
class InvalidateUnknownParameterTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TypoWrites.class))
            .assertException(t -> {
                InvalidateUnknownParameterException e = BuildErrors.single(t, InvalidateUnknownParameterException.class);
                BuildErrors.assertNamesAndFix(e, TypoWrites.class, "rename", "start the id with the name of one of");
                assertThat(e).hasMessageStartingWith("@GCacheInvalidate(idArg = \"user\") names the parameter \"user\","
                        + " which the method does not have; its parameters are [userId, name]");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class TypoWrites {

        @GCacheInvalidate(keyType = "user_id", idArg = "user")
        public void rename(String userId, String name) {
        }
    }
}
