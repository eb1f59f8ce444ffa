package io.quarkiverse.gcache.test.invalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code @GCacheInvalidate} on methods that return a {@code Uni}: the entity is invalidated when the {@code Uni}
 * emits its item (before the subscriber gets it), not when the method returns it, and never when it fails.
 */
class InvalidateUniReturnTest {

    static final Duration WAIT = Duration.ofSeconds(10);

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
    void theEntityIsInvalidatedWhenTheUniEmitsItsItem() {
        cached(() -> users.user("42"));

        // STEP 1: the method returned its Uni, nothing has been written yet: the entry stays
        Uni<String> write = writes.rename("42");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");
        assertThat(Users.userCalls).hasValue(1);

        // STEP 2: the Uni emits (on a worker thread): the subscriber gets the item, and the user was invalidated
        assertThat(write.await().atMost(WAIT)).isEqualTo("renamed 42");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(Users.userCalls).hasValue(2);
    }

    @Test
    void aUniOfVoidInvalidatesOnItsNullItem() {
        cached(() -> users.user("42"));
        assertThat(writes.touch("42").await().atMost(WAIT)).isNull();
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
    }

    @Test
    void aFailedUniInvalidatesNothingAndItsFailureReachesTheSubscriber() {
        cached(() -> users.user("42"));

        assertThatThrownBy(() -> writes.failing("42").await().atMost(WAIT)).isSameAs(Writes.FAILURE);

        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");
        assertThat(Users.userCalls).hasValue(1);
    }

    @Test
    void repeatedAnnotationsInvalidateEachEntityOnTheItem() {
        cached(() -> users.user("42"));
        cached(() -> users.org("7"));

        writes.move("42", "7").await().atMost(WAIT);

        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.org("7"))).isEqualTo("7@v2");
    }

    @ApplicationScoped
    public static class Writes {

        static final IllegalStateException FAILURE = new IllegalStateException("the write failed");

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public Uni<String> rename(String id) {
            return Uni.createFrom().item(() -> {
                Users.version.incrementAndGet();
                return "renamed " + id;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public Uni<Void> touch(String id) {
            return Uni.createFrom().voidItem().invoke(() -> Users.version.incrementAndGet());
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public Uni<String> failing(String id) {
            return Uni.createFrom().item(() -> {
                Users.version.incrementAndGet();
                return "unused";
            }).chain(x -> Uni.createFrom().<String> failure(FAILURE));
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "userId")
        @GCacheInvalidate(keyType = "org_id", idArg = "orgId")
        public Uni<String> move(String userId, String orgId) {
            return Uni.createFrom().item(() -> {
                Users.version.incrementAndGet();
                return "moved";
            });
        }
    }
}
