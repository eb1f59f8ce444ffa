package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
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

/** Methods that return their value: cached inside an enable scope, run as they are outside it. */
public class PlainReturnTypeTest {

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
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            assertThat(users.profile("7")).isEqualTo("profile-7-2");
            assertThat(users.profile("7")).isEqualTo("profile-7-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void outsideAScopeTheMethodAlwaysRuns() {
        assertThat(gcache.isEnabled()).isFalse();
        assertThat(users.profile("42")).isEqualTo("profile-42-1");
        assertThat(users.profile("42")).isEqualTo("profile-42-2");
        assertThat(users.calls()).isEqualTo(2);
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42")).isEqualTo("profile-42-3");
        }
        assertThat(users.calls()).isEqualTo(3);
    }

    @Test
    void primitiveResultIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.age("42")).isEqualTo(41);
            assertThat(users.age("42")).isEqualTo(41);
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void nullIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.nickname("42")).isNull();
            assertThat(users.nickname("42")).isNull();
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void emptyOptionalIsCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.email("42")).isEmpty();
            assertThat(users.email("42")).isEmpty();
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void uncheckedExceptionPropagatesUnchangedAndIsNotCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThatThrownBy(() -> users.failingOnce("42")).isSameAs(Users.UNCHECKED);
            assertThat(users.failingOnce("42")).isEqualTo("ok-42-2");
            assertThat(users.failingOnce("42")).isEqualTo("ok-42-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void checkedExceptionPropagatesUnchangedAndIsNotCached() {
        try (GCacheScope scope = gcache.enable()) {
            assertThatThrownBy(() -> users.checkedFailing("42")).isSameAs(Users.CHECKED);
            assertThat(users.calls()).isEqualTo(1);
            assertThatThrownBy(() -> users.checkedFailing("42")).isSameAs(Users.CHECKED);
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void invalidateDropsTheEntityInTrackedUseCasesOnly() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            assertThat(users.profile("7")).isEqualTo("profile-7-2");
            assertThat(users.badge("42")).isEqualTo("badge-42-3");

            gcache.invalidate("user_id", "42");

            assertThat(users.profile("42")).isEqualTo("profile-42-4");
            assertThat(users.profile("7")).isEqualTo("profile-7-2");
            assertThat(users.badge("42")).isEqualTo("badge-42-3");
        }
        assertThat(users.calls()).isEqualTo(4);
    }

    @Test
    void invalidateAsyncDropsTheEntity() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            gcache.invalidateAsync("user_id", 42).await().indefinitely();
            assertThat(users.profile("42")).isEqualTo("profile-42-2");
            assertThat(users.profile("42")).isEqualTo("profile-42-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void deleteDropsOneEntry() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            assertThat(users.profile("7")).isEqualTo("profile-7-2");

            gcache.delete("GetProfile", "42");

            assertThat(users.profile("42")).isEqualTo("profile-42-3");
            assertThat(users.profile("7")).isEqualTo("profile-7-2");
        }
        assertThat(users.calls()).isEqualTo(3);
    }

    @Test
    void flushDropsEverything() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            assertThat(users.badge("42")).isEqualTo("badge-42-2");

            gcache.flush();

            assertThat(users.profile("42")).isEqualTo("profile-42-3");
            assertThat(users.badge("42")).isEqualTo("badge-42-4");
        }
        assertThat(users.calls()).isEqualTo(4);
    }

    @Test
    void defaultUseCaseIsSimpleClassNameDotMethod() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.nickname("42")).isNull();
            gcache.delete("Users.nickname", "42", Map.of());
            assertThat(users.nickname("42")).isNull();
            assertThat(users.nickname("42")).isNull();
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @ApplicationScoped
    public static class Users {

        static final IllegalStateException UNCHECKED = new IllegalStateException("boom");
        static final IOException CHECKED = new IOException("boom");

        private final AtomicInteger calls = new AtomicInteger();

        /** How often a method of this bean really ran (read through a method: the test holds a client proxy). */
        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
        }

        @GCached(keyType = "user_id", useCase = "GetProfile", local = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "GetBadge", trackForInvalidation = false, local = @GCached.Layer(ttl = "1h"))
        public String badge(@GCacheId String id) {
            return "badge-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "GetAge", local = @GCached.Layer(ttl = "1h"))
        public int age(@GCacheId String id) {
            calls.incrementAndGet();
            return 41;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "1h"))
        public String nickname(@GCacheId String id) {
            calls.incrementAndGet();
            return null;
        }

        @GCached(keyType = "user_id", useCase = "GetEmail", local = @GCached.Layer(ttl = "1h"))
        public Optional<String> email(@GCacheId String id) {
            calls.incrementAndGet();
            return Optional.empty();
        }

        @GCached(keyType = "user_id", useCase = "FailingOnce", local = @GCached.Layer(ttl = "1h"))
        public String failingOnce(@GCacheId String id) {
            if (calls.incrementAndGet() == 1) {
                throw UNCHECKED;
            }
            return "ok-" + id + "-" + calls.get();
        }

        @GCached(keyType = "user_id", useCase = "CheckedFailing", local = @GCached.Layer(ttl = "1h"))
        public String checkedFailing(@GCacheId String id) throws IOException {
            calls.incrementAndGet();
            throw CHECKED;
        }
    }
}
