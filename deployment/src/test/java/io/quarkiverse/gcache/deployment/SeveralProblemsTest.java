package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.DuplicateIdException;
import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.deployment.validation.InvalidKeyTypeException;
import io.quarkiverse.gcache.deployment.validation.InvalidRampException;
import io.quarkiverse.gcache.deployment.validation.InvalidTtlException;
import io.quarkiverse.gcache.deployment.validation.MissingIdException;
import io.quarkiverse.gcache.deployment.validation.StaticMethodException;
import io.quarkiverse.gcache.deployment.validation.UnstableKeyPartException;
import io.quarkiverse.gcache.deployment.validation.VoidReturnTypeException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Every mistake is reported in one build, not one per build: several in one method, and several methods of one
 * bean, all come as the suppressed exceptions of ArC's "Found N deployment problems".
 */
class SeveralProblemsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(CarelessBean.class, GoodBean.class))
            .assertException(t -> {
                List<GCacheDefinitionException> errors = BuildErrors.several(t, 8);

                // three mistakes in one method
                BuildErrors.forMethod(t, InvalidKeyTypeException.class, CarelessBean.class, "everything");
                BuildErrors.forMethod(t, InvalidTtlException.class, CarelessBean.class, "everything");
                BuildErrors.forMethod(t, MissingIdException.class, CarelessBean.class, "everything");
                // two in another
                BuildErrors.forMethod(t, VoidReturnTypeException.class, CarelessBean.class, "store");
                BuildErrors.forMethod(t, InvalidRampException.class, CarelessBean.class, "store");
                // one each in the others
                BuildErrors.forMethod(t, StaticMethodException.class, CarelessBean.class, "helper");
                BuildErrors.forMethod(t, DuplicateIdException.class, CarelessBean.class, "twoIds");
                BuildErrors.forMethod(t, UnstableKeyPartException.class, CarelessBean.class, "unstable");

                // the good method of the same application is not reported
                assertThat(errors).allSatisfy(e -> assertThat(e.getClassName()).isEqualTo(CarelessBean.class.getName()));
                assertThat(errors).extracting(GCacheDefinitionException::getMethodName)
                        .containsOnly("everything", "store", "helper", "twoIds", "unstable");
                assertThat(errors).allSatisfy(e -> assertThat(e.getMessage()).contains(" Fix: "));
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class CarelessBean {

        @GCached(keyType = "user id", local = @GCached.Layer(ttl = "soon"))
        public String everything(String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1m", ramp = 200))
        public void store(@GCacheId String userId) {
        }

        @GCached(keyType = "user_id")
        public static String helper(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String twoIds(@GCacheId String userId, @GCacheId String orgId) {
            return userId + orgId;
        }

        @GCached(keyType = "user_id")
        public String unstable(@GCacheId String userId, Set<String> tags) {
            return userId + tags;
        }
    }

    @ApplicationScoped
    static class GoodBean {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1m"))
        public String profile(@GCacheId String userId) {
            return userId;
        }
    }
}
