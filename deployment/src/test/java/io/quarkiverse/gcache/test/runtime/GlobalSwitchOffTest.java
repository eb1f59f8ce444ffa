package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** {@code quarkus.gcache.enabled=false}: the application-wide kill switch wins over every scope. */
public class GlobalSwitchOffTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.gcache.enabled", "false");

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Test
    void nothingIsCachedInAnyScope() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(gcache.isEnabled()).isFalse();
            assertThat(users.profile("42")).isEqualTo("profile-42-1");
            assertThat(users.profile("42")).isEqualTo("profile-42-2");
            assertThat(users.uniProfile("42").await().indefinitely()).isEqualTo("uni-42-3");
            assertThat(users.uniProfile("42").await().indefinitely()).isEqualTo("uni-42-4");
        }
        assertThat(users.enabledTwice("42")).containsExactly("profile-42-5", "profile-42-6");
        assertThat(users.calls()).isEqualTo(6);
    }

    @ApplicationScoped
    public static class Users {

        private final AtomicInteger calls = new AtomicInteger();

        @Inject
        Users self;

        @GCached(keyType = "user_id", useCase = "SwitchProfile", local = @GCached.Layer(ttl = "1h"))
        public String profile(@GCacheId String id) {
            return "profile-" + id + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "SwitchUniProfile", local = @GCached.Layer(ttl = "1h"))
        public Uni<String> uniProfile(@GCacheId String id) {
            return Uni.createFrom().item("uni-" + id + "-" + calls.incrementAndGet());
        }

        @GCacheEnabled
        public List<String> enabledTwice(String id) {
            return List.of(self.profile(id), self.profile(id));
        }

        public int calls() {
            return calls.get();
        }
    }
}
