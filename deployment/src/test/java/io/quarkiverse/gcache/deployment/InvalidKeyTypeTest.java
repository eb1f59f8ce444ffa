package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidKeyTypeException;
import io.quarkus.test.QuarkusUnitTest;

/** {@code keyType} matches {@code [A-Za-z0-9_.-]+}: it is part of every key. */
class InvalidKeyTypeTest {

    private static final String FIX = "use letters, digits, \"_\", \".\" and \"-\" only, e.g. keyType = \"user_id\"";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(KeyTypeBean.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                InvalidKeyTypeException blank = BuildErrors.forMethod(t, InvalidKeyTypeException.class,
                        KeyTypeBean.class, "empty");
                BuildErrors.assertNamesAndFix(blank, KeyTypeBean.class, "empty", FIX);
                assertThat(blank).hasMessageStartingWith("@GCached(keyType = \"\") is not a valid key type");

                InvalidKeyTypeException colon = BuildErrors.forMethod(t, InvalidKeyTypeException.class,
                        KeyTypeBean.class, "colon");
                BuildErrors.assertNamesAndFix(colon, KeyTypeBean.class, "colon", FIX);
                assertThat(colon).hasMessageStartingWith("@GCached(keyType = \"user:id\") is not a valid key type");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class KeyTypeBean {

        @GCached(keyType = "")
        public String empty(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user:id")
        public String colon(@GCacheId String userId) {
            return userId;
        }
    }
}
