package io.quarkiverse.gcache.test.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A {@code CompletionStage} method that calls itself for the same key while it runs (a retry with an
 * {@code @GCacheIgnore} attempt parameter) must not wait for its own fill, as a plain method and a {@code Uni} do not
 * (FillProtocolTest): the inner call runs uncached. Today the inner call follows the outer fill, whose stage is the
 * inner one's: both wait for the fill's deadline (1h here), so the call never ends.
 */
class StageRetryTest {

    static final Duration BOUND = Duration.ofSeconds(20);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Stages.class))
            .overrideConfigKey("quarkus.gcache.use-case.\"RetryingStage\".fallback-timeout", "1h")
            .overrideConfigKey("quarkus.gcache.use-case.\"ComposingStage\".fallback-timeout", "1h");

    @Inject
    Stages stages;

    @Inject
    GCache gcache;

    @Test
    void aStageThatCallsItselfForTheSameKeyDoesNotWaitForItself() {
        assertTimeoutPreemptively(BOUND, () -> {
            try (GCacheScope scope = gcache.enable()) {
                assertThat(stages.retrying("42", 1).toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo("stage-42-attempt-3");
                assertThat(stages.retrying("42", 1).toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .as("the outer result is cached").isEqualTo("stage-42-attempt-3");
            }
        });
    }

    @Test
    void aStageThatRetriesItselfOnAFailedStageDoesNotWaitForItself() {
        assertTimeoutPreemptively(BOUND, () -> {
            try (GCacheScope scope = gcache.enable()) {
                assertThat(stages.composing("42", 1).toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo("composed-42-attempt-3");
            }
        });
    }

    @ApplicationScoped
    public static class Stages {

        @GCached(keyType = "item", useCase = "RetryingStage", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> retrying(@GCacheId String id, @GCacheIgnore int attempt) {
            if (attempt < 3) {
                return self().retrying(id, attempt + 1); // through the bean, as a retry would
            }
            return CompletableFuture.completedFuture("stage-" + id + "-attempt-" + attempt);
        }

        @GCached(keyType = "item", useCase = "ComposingStage", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> composing(@GCacheId String id, @GCacheIgnore int attempt) {
            if (attempt >= 3) {
                return CompletableFuture.completedFuture("composed-" + id + "-attempt-" + attempt);
            }
            return CompletableFuture.<String> failedFuture(new IOException("attempt " + attempt + " failed"))
                    .exceptionallyCompose(e -> self().composing(id, attempt + 1));
        }

        private static Stages self() {
            return Arc.container().instance(Stages.class).get();
        }
    }
}
