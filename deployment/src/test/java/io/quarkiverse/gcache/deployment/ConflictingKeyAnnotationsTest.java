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

/**
 * A parameter is the id ({@code @GCacheId} or {@code idArg}), a key argument ({@code @GCacheArg}) or ignored
 * ({@code @GCacheIgnore}): never two of these.
 */
class ConflictingKeyAnnotationsTest {

    private static final String FIX = "keep the one that says what the parameter is to the key";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ConflictBean.class, User.class))
            .assertException(t -> {
                BuildErrors.several(t, 4);

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

                ConflictingKeyAnnotationsException idArgOnArg = BuildErrors.forMethod(t,
                        ConflictingKeyAnnotationsException.class, ConflictBean.class, "idArgOnArg");
                BuildErrors.assertNamesAndFix(idArgOnArg, ConflictBean.class, "idArgOnArg", "remove @GCacheArg; for an"
                        + " id taken through a path or an adapter, put @GCacheId(...) on the parameter instead of idArg");
                assertThat(idArgOnArg).hasMessageStartingWith(
                        "@GCached(idArg = \"user\") makes parameter user the id, but it carries @GCacheArg");

                ConflictingKeyAnnotationsException idArgOnIgnored = BuildErrors.forMethod(t,
                        ConflictingKeyAnnotationsException.class, ConflictBean.class, "idArgOnIgnored");
                BuildErrors.assertNamesAndFix(idArgOnIgnored, ConflictBean.class, "idArgOnIgnored",
                        "remove @GCacheIgnore; for an id taken through a path or an adapter, put @GCacheId(...) on the"
                                + " parameter instead of idArg");
                assertThat(idArgOnIgnored).hasMessageStartingWith(
                        "@GCached(idArg = \"userId\") makes parameter userId the id, but it carries @GCacheIgnore");
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

        /** Without the check, the path would be dropped silently and the whole record would become the id. */
        @GCached(keyType = "user_id", idArg = "user")
        public String idArgOnArg(@GCacheArg("id") User user) {
            return user.id();
        }

        @GCached(keyType = "user_id", idArg = "userId")
        public String idArgOnIgnored(@GCacheIgnore String userId) {
            return userId;
        }
    }

    record User(String id) {
    }
}
