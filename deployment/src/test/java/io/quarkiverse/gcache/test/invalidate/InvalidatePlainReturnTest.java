package io.quarkiverse.gcache.test.invalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code @GCacheInvalidate} on methods that return their result (or nothing), LOCAL only: the entity is invalidated
 * once the method has returned, never when it throws; repeated, it invalidates each entity; the id is a parameter, a
 * property path or an adapter's; a missing id or a failing getter is logged and counted, and the caller gets the
 * method's result.
 */
class InvalidatePlainReturnTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, Writes.class, Member.class, Member.Org.class,
                    MemberKey.class, WarningLog.class));

    @Inject
    Users users;

    @Inject
    Writes writes;

    @Inject
    GCache gcache;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void collectWarnings() {
        WarningLog.install();
    }

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
    void theEntityIsInvalidatedOnceTheMethodHasReturned() {
        // STEP 1: two users are cached
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");
        assertThat(cached(() -> users.user("43"))).isEqualTo("43@v1");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");
        assertThat(Users.userCalls).hasValue(2);

        // STEP 2: the write returns its own result, and user 42 is invalidated
        assertThat(writes.rename("42", "Ann")).isEqualTo("renamed 42 to Ann");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(Users.userCalls).hasValue(3);

        // STEP 3: the other user keeps its entry, and 42 is cached again
        assertThat(cached(() -> users.user("43"))).isEqualTo("43@v1");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(Users.userCalls).hasValue(3);
    }

    @Test
    void aVoidMethodInvalidatesToo() {
        cached(() -> users.user("42"));
        writes.touch("42");
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(Users.userCalls).hasValue(2);
    }

    @Test
    void aMethodThatThrowsInvalidatesNothingAndItsExceptionReachesTheCaller() {
        cached(() -> users.user("42"));

        assertThatThrownBy(() -> writes.failing("42")).isSameAs(Writes.FAILURE);

        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1"); // still the cached entry
        assertThat(Users.userCalls).hasValue(1);
    }

    @Test
    void repeatedAnnotationsInvalidateEachEntityThroughPropertyPaths() {
        cached(() -> users.user("42"));
        cached(() -> users.org("7"));
        cached(() -> users.org("8"));

        writes.move(new Member("42", new Member.Org("7")));

        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(cached(() -> users.org("7"))).isEqualTo("7@v2");
        assertThat(cached(() -> users.org("8"))).isEqualTo("8@v1");
        assertThat(Users.userCalls).hasValue(2);
        assertThat(Users.orgCalls).hasValue(3);
    }

    @Test
    void anAdapterNamesTheEntity() {
        cached(() -> users.user("42"));
        writes.adapted(new Member("42", null));
        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v2");
        assertThat(Users.userCalls).hasValue(2);
    }

    @Test
    void aNullIdIsLoggedAndCountedAndTheResultStands() {
        cached(() -> users.user("42"));

        assertThat(writes.save(new Member(null, new Member.Org("7")))).isEqualTo("saved");
        assertThat(writes.save(new Member("42", null))).isEqualTo("saved"); // a null step on the path: no id either

        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1"); // nothing was invalidated
        assertThat(errors("Writes.save", "org_id", "NoIdException")).isEqualTo(1.0);
        assertThat(errors("Writes.save", "user_id", "NoIdException")).isEqualTo(1.0);
        assertThat(logged("@GCacheInvalidate(keyType = \"user_id\") of Writes.save did not invalidate"))
                .anyMatch(m -> m.contains("the id (member.id) is null"));
    }

    @Test
    void aGetterThatThrowsIsLoggedAndCountedAndTheResultStands() {
        cached(() -> users.user("42"));

        assertThat(writes.broken(new Member("42", null))).isEqualTo("written");

        assertThat(cached(() -> users.user("42"))).isEqualTo("42@v1");
        assertThat(errors("Writes.broken", "user_id", "UnsupportedOperationException")).isEqualTo(1.0);
        assertThat(logged("of Writes.broken did not invalidate")).anyMatch(m -> m.contains("not loaded"));
    }

    private double errors(String method, String keyType, String error) {
        Counter counter = registry.find("gcache_error_counter").tags("use_case", method, "key_type", keyType, "layer",
                "GLOBAL", "error", error, "in_fallback", "False").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> logged(String part) {
        return WarningLog.containing(part);
    }

    @ApplicationScoped
    public static class Writes {

        static final IllegalStateException FAILURE = new IllegalStateException("the write failed");

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public String rename(String id, String name) {
            Users.version.incrementAndGet();
            return "renamed " + id + " to " + name;
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public void touch(String id) {
            Users.version.incrementAndGet();
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "id")
        public String failing(String id) {
            Users.version.incrementAndGet();
            throw FAILURE;
        }

        @GCacheInvalidate(keyType = "user_id", id = "member.id")
        @GCacheInvalidate(keyType = "org_id", id = "member.org.id")
        public void move(Member member) {
            Users.version.incrementAndGet();
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "member", adapter = MemberKey.class)
        public void adapted(Member member) {
            Users.version.incrementAndGet();
        }

        @GCacheInvalidate(keyType = "user_id", id = "member.id")
        @GCacheInvalidate(keyType = "org_id", id = "member.org.id")
        public String save(Member member) {
            return "saved";
        }

        @GCacheInvalidate(keyType = "user_id", id = "member.broken")
        public String broken(Member member) {
            return "written";
        }
    }
}
