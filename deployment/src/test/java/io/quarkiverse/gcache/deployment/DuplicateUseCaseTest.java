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

/** A use case name is unique in the application; the error names both methods that claim it. */
class DuplicateUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProfileBean.class, OtherProfileBean.class))
            .assertException(t -> {
                DuplicateUseCaseException e = BuildErrors.single(t, DuplicateUseCaseException.class);
                // Which of the two is reported first depends on the index; the message names both either way.
                String first = ProfileBean.class.getName() + "#profile";
                String second = OtherProfileBean.class.getName() + "#cachedProfile";
                String reported = e.getClassName() + "#" + e.getMethodName();
                assertThat(reported).isIn(first, second);
                String other = reported.equals(first) ? second : first;
                assertThat(e).hasMessageStartingWith("the use case \"GetUserProfile\" is that of two methods, " + other
                        + "(String) and " + reported + "(String) [class=");
                BuildErrors.assertNamesAndFix(e, reported.equals(first) ? ProfileBean.class : OtherProfileBean.class,
                        e.getMethodName(), "give one of the two methods its own @GCached(useCase = \"...\")");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class ProfileBean {

        @GCached(keyType = "user_id", useCase = "GetUserProfile")
        public String profile(@GCacheId String userId) {
            return userId;
        }
    }

    @ApplicationScoped
    static class OtherProfileBean {

        @GCached(keyType = "user_id", useCase = "GetUserProfile")
        public String cachedProfile(@GCacheId String userId) {
            return userId;
        }
    }
}
