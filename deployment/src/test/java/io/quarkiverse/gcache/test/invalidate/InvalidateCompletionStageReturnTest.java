package io.quarkiverse.gcache.test.invalidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code @GCacheInvalidate} on methods that return a {@code CompletionStage} or a {@code CompletableFuture}: the
 * entity is invalidated when the stage completes normally (before its dependents run), never when it completes
 * exceptionally, whose exception the caller gets as it was.
 */
class InvalidateCompletionStageReturnTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, Writes.class));

    @Inject
    Users users;

    @Inject
    Writes writes;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        Users.reset();
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void theEntityIsInvalidatedWhenTheStageCompletes() throws Exception {
        cached(() -> users.user("42"));
        CompletableFuture<String> pending = new CompletableFuture<>();

        // STEP 1: the method returned its stage, which has not completed: the entry stays
        CompletionStage<String> write = writes.rename("42", pending);
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");

        // STEP 2: the write completes; the caller's stage completes with its value, and the user was invalidated
        Users.version.incrementAndGet();
        pending.complete("renamed 42");
        assertThat(write.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("renamed 42");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(Users.userCalls).hasValue(2);
    }

    @Test
    void aCompletableFutureStaysOne() throws Exception {
        cached(() -> users.user("42"));
        CompletableFuture<String> write = writes.renameFuture("42"); // a ClassCastException here if it were not
        assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("renamed 42");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
    }

    @Test
    void aStageThatFailsInvalidatesNothingAndPassesItsExceptionUnwrapped() throws Exception {
        cached(() -> users.user("42"));
        CompletableFuture<String> pending = new CompletableFuture<>();
        IllegalStateException failure = new IllegalStateException("the write failed");

        CompletionStage<String> write = writes.rename("42", pending);
        Users.version.incrementAndGet();
        pending.completeExceptionally(failure);

        Throwable seen = write.handle((value, error) -> error).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(seen).isSameAs(failure);
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");
        assertThat(Users.userCalls).hasValue(1);
    }

    @ApplicationScoped
    public static class Writes {

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public CompletionStage<String> rename(String id, CompletableFuture<String> done) {
            return done;
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public CompletableFuture<String> renameFuture(String id) {
            return CompletableFuture.supplyAsync(() -> {
                Users.version.incrementAndGet();
                return "renamed " + id;
            });
        }
    }
}
