package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * A REMOTE hit of a method whose return type is a type variable of a generic base class comes back as the type the
 * bean class binds it to ({@code UserRepo extends Repo<User>}: a {@code User}, a {@code List<User>}), not as JSON's
 * {@code LinkedHashMap}.
 */
class GenericValueTypeTest {

    static final SharedRedis REDIS = SharedRedis.get(GenericValueTypeTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, User.class, UserRepo.class, Store.class))
            // REMOTE turned on by configuration for a method whose value type nothing binds
            .overrideConfigKey("quarkus.gcache.use-case.StoreGet.remote.ttl", "1h")
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // Timeouts are not what this test is about: a loaded build machine must not fail flush() in reset().
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    UserRepo users;

    @Inject
    Store store;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
        Repo.RUNS.set(0);
        Store.RUNS.set(0);
    }

    @Test
    void aRemoteHitOfATypeVariableIsTheBoundType() {
        try (GCacheScope scope = gcache.enable()) {
            // STEP 1: a miss writes the User to Redis (REMOTE only: the second call must read it back)
            assertThat(users.find("1")).isEqualTo(new User("1"));
            assertThat((Long) REDIS.command("DBSIZE")).isPositive();
            // STEP 2: the REMOTE hit: the old code gave a LinkedHashMap (ClassCastException on this assignment)
            User hit = users.find("1");
            assertThat(hit).isEqualTo(new User("1"));
        }
        assertThat(Repo.RUNS).hasValue(1);
    }

    @Test
    void aRemoteHitOfAGenericTypeOverATypeVariableIsTheBoundType() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.all("g")).containsExactly(new User("g-a"), new User("g-b"));
            List<User> hit = users.all("g");
            assertThat(hit.get(0)).isInstanceOf(User.class);
            assertThat(users.uni("u").await().indefinitely()).isEqualTo(new User("u"));
            User uniHit = users.uni("u").await().indefinitely();
            assertThat(uniHit).isEqualTo(new User("u"));
        }
        assertThat(Repo.RUNS).hasValue(2);
    }

    @Test
    void anUnboundTypeVariableIsKeptOutOfRemoteSoTheCallerAlwaysGetsItsOwnType() {
        try (GCacheScope scope = gcache.enable()) {
            // STEP 1, 2: the same id, the method's own result each time (never a LinkedHashMap read back as a User)
            User first = store.get("1", User.class);
            User second = store.get("1", User.class);
            assertThat(first).isEqualTo(new User("1"));
            assertThat(second).isEqualTo(new User("1"));
        }
        assertThat(Store.RUNS).hasValue(2);
        assertThat(REDIS.command("KEYS", "*StoreGet*")).asList().isEmpty();
    }

    public abstract static class Repo<T> {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "user", remote = @GCached.Layer(ttl = "1h"))
        public T find(@GCacheId String id) {
            RUNS.incrementAndGet();
            return create(id);
        }

        @GCached(keyType = "group", remote = @GCached.Layer(ttl = "1h"))
        public List<T> all(@GCacheId String group) {
            RUNS.incrementAndGet();
            return List.of(create(group + "-a"), create(group + "-b"));
        }

        @GCached(keyType = "user", useCase = "UserRepoUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<T> uni(@GCacheId String id) {
            RUNS.incrementAndGet();
            return Uni.createFrom().item(create(id));
        }

        protected abstract T create(String id);
    }

    public record User(String id) {
    }

    @ApplicationScoped
    public static class Store {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "user", useCase = "StoreGet")
        public <T> T get(@GCacheId String id, @GCacheIgnore Class<T> type) {
            RUNS.incrementAndGet();
            return type.cast(new User(id));
        }
    }

    @ApplicationScoped
    public static class UserRepo extends Repo<User> {
        @Override
        protected User create(String id) {
            return new User(id);
        }
    }
}
