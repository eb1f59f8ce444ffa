package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Methods that return a {@code Uni}: the item is cached; whether to cache is decided when the method is called,
 * the lookup happens when the {@code Uni} is subscribed.
 */
public class UniReturnTypeTest {

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
    void hitAfterMiss() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-1");
            assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-1");
            assertThat(users.profile("7").await().indefinitely()).isEqualTo("profile-7-2");
        }
        assertThat(users.calls()).isEqualTo(2);
        assertThat(users.subscriptions()).isEqualTo(2);
    }

    @Test
    void cachedCallRunsTheMethodOnlyWhenSubscribed() {
        Uni<String> uni;
        try (GCacheScope scope = gcache.enable()) {
            uni = users.profile("42");
            assertThat(users.calls()).isZero();
        }
        // subscribed after the scope closed: the scope of the call counts
        assertThat(uni.await().indefinitely()).isEqualTo("profile-42-1");
        assertThat(uni.await().indefinitely()).isEqualTo("profile-42-1");
        assertThat(users.calls()).isEqualTo(1);
        assertThat(users.subscriptions()).isEqualTo(1);
    }

    @Test
    void outsideAScopeTheMethodAlwaysRuns() {
        assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-1");
        assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-2");
        assertThat(users.calls()).isEqualTo(2);
        assertThat(users.subscriptions()).isEqualTo(2);
    }

    @Test
    void nullItemIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.nothing("42").await().indefinitely()).isNull();
            assertThat(users.nothing("42").await().indefinitely()).isNull();
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void failureIsPropagatedUnchangedAndNotCached() {
        try (GCacheScope scope = gcache.enable()) {
            UniAssertSubscriber<String> first = users.failingOnce("42").subscribe()
                    .withSubscriber(UniAssertSubscriber.create());
            assertThat(first.awaitFailure().getFailure()).isSameAs(Users.FAILURE);
            assertThat(users.failingOnce("42").await().indefinitely()).isEqualTo("ok-42-2");
            assertThat(users.failingOnce("42").await().indefinitely()).isEqualTo("ok-42-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void itemEmittedOnAnotherThreadIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.onWorker("42").await().indefinitely()).isEqualTo("worker-42-1");
            assertThat(users.onWorker("42").await().indefinitely()).isEqualTo("worker-42-1");
        }
        assertThat(users.calls()).isEqualTo(1);
        assertThat(users.emittedOn()).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void concurrentSubscribersRunTheMethodOnce() {
        CompletableFuture<String> result = new CompletableFuture<>();
        users.pending(result);
        List<UniAssertSubscriber<String>> subscribers = new ArrayList<>();
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 5; i++) {
                subscribers.add(users.slow("42").subscribe().withSubscriber(UniAssertSubscriber.create()));
            }
        }
        assertThat(users.calls()).isEqualTo(1);

        result.complete("slow-42");

        for (UniAssertSubscriber<String> s : subscribers) {
            s.awaitItem().assertItem("slow-42");
        }
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.slow("42").await().indefinitely()).isEqualTo("slow-42");
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void enabledSuppliesTheScopeToAUniSubscribedLater() {
        Uni<String> uni = gcache.enabled(() -> users.profile("42"));
        assertThat(users.calls()).isZero();
        assertThat(gcache.isEnabled()).isFalse();

        assertThat(uni.await().indefinitely()).isEqualTo("profile-42-1");
        assertThat(gcache.enabled(() -> users.profile("42")).await().indefinitely()).isEqualTo("profile-42-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void invalidationDropsTheItem() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-1");
            gcache.invalidate("user_id", "42");
            assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-2");
            assertThat(users.profile("42").await().indefinitely()).isEqualTo("profile-42-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @ApplicationScoped
    public static class Users {

        static final IOException FAILURE = new IOException("boom");

        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger subscriptions = new AtomicInteger();
        private final AtomicReference<String> emittedOn = new AtomicReference<>();
        private volatile CompletableFuture<String> pending;

        @GCached(keyType = "user_id", useCase = "UniProfile", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> profile(@GCacheId String id) {
            int call = calls.incrementAndGet();
            return Uni.createFrom().item(() -> {
                subscriptions.incrementAndGet();
                return "profile-" + id + "-" + call;
            });
        }

        @GCached(keyType = "user_id", useCase = "UniNothing", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> nothing(@GCacheId String id) {
            calls.incrementAndGet();
            return Uni.createFrom().nullItem();
        }

        @GCached(keyType = "user_id", useCase = "UniFailingOnce", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> failingOnce(@GCacheId String id) {
            int call = calls.incrementAndGet();
            return call == 1 ? Uni.createFrom().failure(FAILURE) : Uni.createFrom().item("ok-" + id + "-" + call);
        }

        @GCached(keyType = "user_id", useCase = "UniOnWorker", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> onWorker(@GCacheId String id) {
            int call = calls.incrementAndGet();
            return Uni.createFrom().item("worker-" + id + "-" + call)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .invoke(() -> emittedOn.set(Thread.currentThread().getName()));
        }

        @GCached(keyType = "user_id", useCase = "UniSlow", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> slow(@GCacheId String id) {
            calls.incrementAndGet();
            return Uni.createFrom().completionStage(pending);
        }

        public int calls() {
            return calls.get();
        }

        public int subscriptions() {
            return subscriptions.get();
        }

        public String emittedOn() {
            return emittedOn.get();
        }

        public void pending(CompletableFuture<String> result) {
            pending = result;
        }

        public void reset() {
            calls.set(0);
            subscriptions.set(0);
            emittedOn.set(null);
        }
    }
}
