package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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

/**
 * The generic repository: {@code CachedRepo<ID, E>} with {@code E find(@GCacheId ID id, K kind)}, inherited by beans
 * that bind {@code ID} ({@code Long}, {@code String}) and the argument's type: each bean's key parts are checked with
 * its own binding, so a type variable the bean binds to a stable type is a key part.
 */
public class GenericIdTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(CachedRepo.class, Kind.class, UserRepo.class, TagRepo.class));

    @Inject
    UserRepo users;

    @Inject
    TagRepo tags;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        CachedRepo.RUNS.set(0);
    }

    @Test
    void aTypeVariableTheBeanBindsIsAKeyPart() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.find(1L, Kind.FULL)).isEqualTo("user-1-FULL");
            assertThat(users.find(1L, Kind.FULL)).isEqualTo("user-1-FULL");
            assertThat(users.find(1L, Kind.SHORT)).isEqualTo("user-1-SHORT");
            assertThat(tags.find("a", 2)).isEqualTo("tag-a-2");
            assertThat(tags.find("a", 2)).isEqualTo("tag-a-2");
            gcache.delete("UserRepo.find", "1", Map.of("kind", "FULL"));
            assertThat(users.find(1L, Kind.FULL)).isEqualTo("user-1-FULL");
        }
        assertThat(CachedRepo.RUNS).hasValue(4);
    }

    public enum Kind {
        FULL,
        SHORT
    }

    public abstract static class CachedRepo<ID, K> {
        static final AtomicInteger RUNS = new AtomicInteger();

        protected abstract String load(ID id, K kind);

        @GCached(keyType = "entity", local = @GCached.Layer(ttl = "1h"))
        public String find(@GCacheId ID id, K kind) {
            RUNS.incrementAndGet();
            return load(id, kind);
        }
    }

    @ApplicationScoped
    public static class UserRepo extends CachedRepo<Long, Kind> {
        @Override
        protected String load(Long id, Kind kind) {
            return "user-" + id + "-" + kind;
        }
    }

    @ApplicationScoped
    public static class TagRepo extends CachedRepo<String, Integer> {
        @Override
        protected String load(String id, Integer kind) {
            return "tag-" + id + "-" + kind;
        }
    }
}
