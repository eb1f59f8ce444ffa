package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnknownIdArgException;
import io.quarkus.test.QuarkusUnitTest;

/** {@code idArg} must name a parameter of the method. */
class UnknownIdArgTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TypoBean.class))
            .assertException(t -> {
                UnknownIdArgException e = BuildErrors.single(t, UnknownIdArgException.class);
                BuildErrors.assertNamesAndFix(e, TypoBean.class, "posts",
                        "write the name of one of these parameters, or put @GCacheId on it");
                assertThat(e).hasMessageStartingWith(
                        "@GCached(idArg = \"user\") names no parameter of the method; its parameters are [userId, page]");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class TypoBean {

        @GCached(keyType = "user_id", idArg = "user")
        public String posts(String userId, int page) {
            return userId + page;
        }
    }
}
