package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Methods that return a {@code CompletionStage} or a {@code CompletableFuture}: the value is cached. */
public class CompletionStageReturnTypeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class));

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        users.reset();
    }

    @Test
    void hitAfterMiss() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(get(users.profile("42"))).isEqualTo("profile-42-1");
            CompletionStage<String> hit = users.profile("42");
            assertThat(hit.toCompletableFuture()).isCompletedWithValue("profile-42-1");
            assertThat(get(users.profile("7"))).isEqualTo("profile-7-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void completableFutureReturnTypeIsCached() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            CompletableFuture<String> first = users.future("42");
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("future-42-1");
            CompletableFuture<String> hit = users.future("42");
            assertThat(hit).isCompletedWithValue("future-42-1");
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void outsideAScopeTheMethodAlwaysRuns() throws Exception {
        assertThat(get(users.profile("42"))).isEqualTo("profile-42-1");
        assertThat(get(users.profile("42"))).isEqualTo("profile-42-2");
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void valueCompletedOnAnotherThreadIsCached() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(get(users.async("42"))).isEqualTo("async-42-1");
            assertThat(get(users.async("42"))).isEqualTo("async-42-1");
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void nullIsCached() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(get(users.nothing("42"))).isNull();
            assertThat(get(users.nothing("42"))).isNull();
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void failureIsPropagatedUnchangedAndNotCached() throws Exception {
        try (GCacheScope scope = gcache.enable()) {
            assertThatThrownBy(() -> get(users.failingOnce("42"))).isInstanceOf(ExecutionException.class).cause()
                    .isSameAs(Users.FAILURE);
            assertThat(get(users.failingOnce("42"))).isEqualTo("ok-42-2");
            assertThat(get(users.failingOnce("42"))).isEqualTo("ok-42-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void concurrentCallersRunTheMethodOnce() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        users.pending(result);
        List<CompletionStage<String>> stages = new ArrayList<>();
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 5; i++) {
                stages.add(users.slow("42"));
            }
        }
        assertThat(users.calls()).isEqualTo(1);

        result.complete("slow-42");

        for (CompletionStage<String> s : stages) {
            assertThat(get(s)).isEqualTo("slow-42");
        }
        try (GCacheScope scope = gcache.enable()) {
            assertThat(get(users.slow("42"))).isEqualTo("slow-42");
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void concurrentCallersAllGetTheFailureOfTheOneRun() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        users.pending(result);
        List<CompletionStage<String>> stages = new ArrayList<>();
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 5; i++) {
                stages.add(users.slow("42"));
            }
        }

        result.completeExceptionally(Users.FAILURE);

        for (CompletionStage<String> s : stages) {
            assertThatThrownBy(() -> get(s)).isInstanceOf(ExecutionException.class).cause().isSameAs(Users.FAILURE);
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    private static String get(CompletionStage<String> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @ApplicationScoped
    public static class Users {

        static final IOException FAILURE = new IOException("boom");

        private final AtomicInteger calls = new AtomicInteger();
        private volatile CompletableFuture<String> pending;

        @GCached(keyType = "user_id", useCase = "StageProfile", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> profile(@GCacheId String id) {
            return CompletableFuture.completedStage("profile-" + id + "-" + calls.incrementAndGet());
        }

        @GCached(keyType = "user_id", useCase = "StageFuture", local = @GCached.Layer(ttl = "1h"))
        public CompletableFuture<String> future(@GCacheId String id) {
            return CompletableFuture.completedFuture("future-" + id + "-" + calls.incrementAndGet());
        }

        @GCached(keyType = "user_id", useCase = "StageAsync", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> async(@GCacheId String id) {
            int call = calls.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> "async-" + id + "-" + call, Infrastructure.getDefaultWorkerPool());
        }

        @GCached(keyType = "user_id", useCase = "StageNothing", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> nothing(@GCacheId String id) {
            calls.incrementAndGet();
            return CompletableFuture.completedStage(null);
        }

        @GCached(keyType = "user_id", useCase = "StageFailingOnce", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> failingOnce(@GCacheId String id) {
            int call = calls.incrementAndGet();
            return call == 1 ? CompletableFuture.failedStage(FAILURE) : CompletableFuture.completedStage("ok-" + id + "-" + call);
        }

        @GCached(keyType = "user_id", useCase = "StageSlow", local = @GCached.Layer(ttl = "1h"))
        public CompletionStage<String> slow(@GCacheId String id) {
            calls.incrementAndGet();
            return pending;
        }

        public int calls() {
            return calls.get();
        }

        public void pending(CompletableFuture<String> result) {
            pending = result;
        }

        public void reset() {
            calls.set(0);
        }
    }
}
