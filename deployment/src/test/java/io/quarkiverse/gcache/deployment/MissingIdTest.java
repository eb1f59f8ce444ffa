package io.quarkiverse.gcache.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.MissingIdException;
import io.quarkus.test.QuarkusUnitTest;

/** A cached method must say which parameter identifies the entity. */
class MissingIdTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(NoIdBean.class))
            .assertException(t -> {
                MissingIdException e = BuildErrors.single(t, MissingIdException.class);
                BuildErrors.assertNamesAndFix(e, NoIdBean.class, "profile",
                        "mark the parameter that identifies the entity with @GCacheId, or name it with @GCached(idArg = \"...\")");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class NoIdBean {

        @GCached(keyType = "user_id")
        public String profile(String userId) {
            return userId;
        }
    }
}
