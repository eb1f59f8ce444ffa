package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.smallrye.mutiny.Uni;

/**
 * What {@code gcache.enabled(() -> uni)} covers, case by case, as the javadoc of {@code GCache.enabled} states it:
 * a cached method returning {@code Uni} decides whether it uses the cache when it is called, and any other
 * {@code Uni} runs with the scope in force where it was assembled (created), wherever it is subscribed.
 */
class EnabledUniCoverageTest {

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
    void aCachedUniCalledInsideTheSupplierIsCovered() {
        assertThat(gcache.enabled(() -> users.uniProfile("1")).await().indefinitely()).isEqualTo("uni-1-1");
        assertThat(gcache.enabled(() -> users.uniProfile("1")).await().indefinitely()).isEqualTo("uni-1-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void aUniAssembledInsideTheSupplierIsCovered() {
        assertThat(gcache.enabled(() -> Uni.createFrom().item(() -> users.profile("2"))).await().indefinitely())
                .isEqualTo("profile-2-1");
        assertThat(gcache.enabled(() -> Uni.createFrom().item(() -> users.profile("2"))).await().indefinitely())
                .isEqualTo("profile-2-1");
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void aUniAssembledBeforeTheSupplierKeepsTheStateOfWhereItWasAssembled() {
        // Context Propagation captures the scope when a Uni is created and puts it back when it is subscribed.
        Uni<String> assembledOutside = Uni.createFrom().item(() -> users.profile("5"));
        assertThat(gcache.enabled(() -> assembledOutside).await().indefinitely()).isEqualTo("profile-5-1");
        assertThat(gcache.enabled(() -> assembledOutside).await().indefinitely()).isEqualTo("profile-5-2");
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void aUniAssembledInAnEnabledScopeAndSubscribedUnderDisableUsesTheCache() {
        try (GCacheScope scope = gcache.enable()) {
            users.profile("6");
        }
        Uni<String> assembledEnabled;
        try (GCacheScope scope = gcache.enable()) {
            assembledEnabled = Uni.createFrom().item(() -> users.profile("6"));
        }
        try (GCacheScope scope = gcache.disable()) {
            assertThat(assembledEnabled.await().indefinitely()).isEqualTo("profile-6-1");
        }
        assertThat(users.calls()).isEqualTo(1);
    }

    @Test
    void aCachedUniCalledBeforeTheSupplierIsNotCovered() {
        // Called outside any scope: the call already decided to run uncached.
        Uni<String> before = users.uniProfile("3");
        assertThat(gcache.enabled(() -> before).await().indefinitely()).isEqualTo("uni-3-1");
        Uni<String> again = users.uniProfile("3");
        assertThat(gcache.enabled(() -> again).await().indefinitely()).isEqualTo("uni-3-2");
        assertThat(users.calls()).isEqualTo(2);
    }

    @Test
    void aCachedUniCalledInAnEnabledScopeAndSubscribedUnderDisableStillUsesTheCache() {
        // STEP 1: the entry exists
        assertThat(gcache.enabled(() -> users.uniProfile("4")).await().indefinitely()).isEqualTo("uni-4-1");
        // STEP 2: called inside an enabled scope, subscribed under disable(): the call decided, so it is a hit
        Uni<String> assembled;
        try (GCacheScope scope = gcache.enable()) {
            assembled = users.uniProfile("4");
        }
        try (GCacheScope scope = gcache.disable()) {
            assertThat(assembled.await().indefinitely()).isEqualTo("uni-4-1");
            // STEP 3: a call made under disable() is not
            assertThat(users.uniProfile("4").await().indefinitely()).isEqualTo("uni-4-2");
        }
        assertThat(users.calls()).isEqualTo(2);
    }

    @ApplicationScoped
    public static class Users {
        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "CoverageProfile", local = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "CoverageUniProfile", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> uniProfile(@GCacheId String id) {
            return Uni.createFrom().item(() -> "uni-" + id + "-" + calls.incrementAndGet());
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
