package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.ConflictingKeyAnnotationsException;
import io.quarkus.test.QuarkusUnitTest;

/** A parameter is the id, a key argument or ignored: one of {@code @GCacheId}, {@code @GCacheArg}, {@code @GCacheIgnore}. */
class ConflictingKeyAnnotationsTest {

    private static final String FIX = "keep the one that says what the parameter is to the key";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ConflictBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                ConflictingKeyAnnotationsException id = BuildErrors.forMethod(t,
                        ConflictingKeyAnnotationsException.class, ConflictBean.class, "ignoredId");
                BuildErrors.assertNamesAndFix(id, ConflictBean.class, "ignoredId", FIX);
                assertThat(id).hasMessageStartingWith(
                        "parameter userId carries more than one of @GCacheId, @GCacheArg and @GCacheIgnore");

                ConflictingKeyAnnotationsException arg = BuildErrors.forMethod(t,
                        ConflictingKeyAnnotationsException.class, ConflictBean.class, "ignoredArg");
                BuildErrors.assertNamesAndFix(arg, ConflictBean.class, "ignoredArg", FIX);
                assertThat(arg).hasMessageStartingWith(
                        "parameter page carries more than one of @GCacheId, @GCacheArg and @GCacheIgnore");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class ConflictBean {

        @GCached(keyType = "user_id")
        public String ignoredId(@GCacheId @GCacheIgnore String userId) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String ignoredArg(@GCacheId String userId, @GCacheArg @GCacheIgnore Integer page) {
            return userId + page;
        }
    }
}
