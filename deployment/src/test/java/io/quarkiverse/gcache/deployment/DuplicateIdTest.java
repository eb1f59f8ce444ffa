package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.DuplicateIdException;
import io.quarkus.test.QuarkusUnitTest;

/** A cached method names exactly one id: two {@code @GCacheId}, or {@code @GCacheId} and {@code idArg}, fail. */
class DuplicateIdTest {

    private static final String FIX = "keep exactly one: @GCacheId on one parameter, or @GCached(idArg = \"...\")";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TwoIdsBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                DuplicateIdException twoIds = BuildErrors.forMethod(t, DuplicateIdException.class, TwoIdsBean.class,
                        "twoIds");
                BuildErrors.assertNamesAndFix(twoIds, TwoIdsBean.class, "twoIds", FIX);
                assertThat(twoIds).hasMessageStartingWith(
                        "@GCached method names more than one id (@GCacheId userId, @GCacheId orgId)");

                DuplicateIdException idAndIdArg = BuildErrors.forMethod(t, DuplicateIdException.class,
                        TwoIdsBean.class, "idAndIdArg");
                BuildErrors.assertNamesAndFix(idAndIdArg, TwoIdsBean.class, "idAndIdArg", FIX);
                assertThat(idAndIdArg).hasMessageStartingWith(
                        "@GCached method names more than one id (@GCacheId userId, idArg = \"orgId\")");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class TwoIdsBean {

        @GCached(keyType = "user_id")
        public String twoIds(@GCacheId String userId, @GCacheId String orgId) {
            return userId + orgId;
        }

        @GCached(keyType = "user_id", idArg = "orgId")
        public String idAndIdArg(@GCacheId String userId, String orgId) {
            return userId + orgId;
        }
    }
}
