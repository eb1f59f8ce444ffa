package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.ReservedUseCaseException;
import io.quarkus.test.QuarkusUnitTest;

/** The use case {@code watermark} names the invalidation watermark in Redis keys. */
class ReservedUseCaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(WatermarkBean.class))
            .assertException(t -> {
                ReservedUseCaseException e = BuildErrors.single(t, ReservedUseCaseException.class);
                BuildErrors.assertNamesAndFix(e, WatermarkBean.class, "latest", "choose another useCase");
                assertThat(e).hasMessageStartingWith("the use case name \"watermark\" is reserved");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    @ApplicationScoped
    static class WatermarkBean {

        @GCached(keyType = "user_id", useCase = "watermark")
        public String latest(@GCacheId String userId) {
            return userId;
        }
    }
}
