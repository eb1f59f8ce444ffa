package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/** REMOTE on a real redis-server: values written as JSON with their creation time, read back as the method's type. */
class RedisGatewayTest {

    static final SharedRedis REDIS = SharedRedis.get(RedisGatewayTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Profiles.class, Profile.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Profiles profiles;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        Profiles.calls.set(0);
        gcache.flush();
    }

    @Test
    void aMissWritesJsonWithItsCreationTimeAndTheNextCallIsARemoteHit() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.profile("42")).isEqualTo(new Profile("42", List.of("admin")));
            String stored = (String) REDIS.command("GET", "{urn:gcache:user_id:42}#RemoteProfile");
            assertThat(stored).matches("\\d{13}:\\{\"id\":\"42\",\"roles\":\\[\"admin\"\\]\\}");
            assertThat(profiles.profile("42")).isEqualTo(new Profile("42", List.of("admin")));
        }
        assertThat(Profiles.calls).hasValue(1);
    }

    @Test
    void genericTypesNullAndOptionalComeBackAsTheMethodDeclaresThem() {
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 2; i++) {
                assertThat(profiles.team("t1")).containsExactly(new Profile("a", List.of()), new Profile("b", List.of()));
                assertThat(profiles.nothing("n1")).isNull();
                assertThat(profiles.maybe("m1")).isEmpty();
                assertThat(profiles.uni("u1").await().indefinitely()).isEqualTo(new Profile("u1", List.of()));
                assertThat(profiles.stage("s1").toCompletableFuture().join()).isEqualTo(new Profile("s1", List.of()));
            }
        }
        assertThat(Profiles.calls).hasValue(5);
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:n1}#RemoteNothing").toString()).endsWith(":null");
    }

    @Test
    void outsideAScopeRedisIsNeitherReadNorWritten() {
        profiles.profile("7");
        profiles.profile("7");
        assertThat(Profiles.calls).hasValue(2);
        assertThat(REDIS.command("DBSIZE")).isEqualTo(0L);
    }

    @Test
    void foreignBytesAndAnOlderShapeOfTheClassAreMissesThatGetOverwritten() {
        REDIS.command("SET", "{urn:gcache:user_id:1}#RemoteProfile", "\u0000\u0001not json");
        REDIS.command("SET", "{urn:gcache:user_id:2}#RemoteProfile", "1700000000000:{\"userId\":\"2\",\"roles\":[]}");
        try (GCacheScope scope = gcache.enable()) {
            assertThat(profiles.profile("1")).isEqualTo(new Profile("1", List.of("admin")));
            assertThat(profiles.profile("2")).isEqualTo(new Profile("2", List.of("admin")));
        }
        assertThat(Profiles.calls).hasValue(2);
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:1}#RemoteProfile").toString()).contains("\"id\":\"1\"");
        assertThat(REDIS.command("GET", "{urn:gcache:user_id:2}#RemoteProfile").toString()).contains("\"id\":\"2\"");
    }

    @Test
    void flushRemovesGCacheEntriesOnly() {
        REDIS.command("SET", "someone-elses-key", "keep me");
        try (GCacheScope scope = gcache.enable()) {
            profiles.profile("1");
            profiles.team("t");
        }
        // two entries, and the two watermarks their tracked fills created (SPEC §15)
        assertThat(REDIS.command("DBSIZE")).isEqualTo(5L);
        gcache.flush();
        // a flush keeps the watermarks: they are invalidations, not entries
        assertThat(REDIS.command("DBSIZE")).isEqualTo(3L);
        assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:1}#RemoteProfile")).isEqualTo(0L);
        assertThat(REDIS.command("GET", "someone-elses-key")).isEqualTo("keep me");
    }

    @Test
    void deleteRemovesOneEntryFromBothLayers() {
        try (GCacheScope scope = gcache.enable()) {
            profiles.profile("1");
            profiles.profile("2");
            gcache.delete("RemoteProfile", "1");
            assertThat(REDIS.command("EXISTS", "{urn:gcache:user_id:1}#RemoteProfile")).isEqualTo(0L);
            profiles.profile("1");
            profiles.profile("2");
        }
        assertThat(Profiles.calls).hasValue(3);
    }

    public record Profile(String id, List<String> roles) {
    }

    @ApplicationScoped
    public static class Profiles {
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "RemoteProfile", remote = @GCached.Layer(ttl = "1h"))
        public Profile profile(@GCacheId String id) {
            calls.incrementAndGet();
            return new Profile(id, List.of("admin"));
        }

        @GCached(keyType = "team_id", useCase = "RemoteTeam", remote = @GCached.Layer(ttl = "1h"))
        public List<Profile> team(@GCacheId String id) {
            calls.incrementAndGet();
            return List.of(new Profile("a", List.of()), new Profile("b", List.of()));
        }

        @GCached(keyType = "user_id", useCase = "RemoteNothing", remote = @GCached.Layer(ttl = "1h"))
        public Profile nothing(@GCacheId String id) {
            calls.incrementAndGet();
            return null;
        }

        @GCached(keyType = "user_id", useCase = "RemoteMaybe", remote = @GCached.Layer(ttl = "1h"))
        public Optional<Profile> maybe(@GCacheId String id) {
            calls.incrementAndGet();
            return Optional.empty();
        }

        @GCached(keyType = "user_id", useCase = "RemoteUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<Profile> uni(@GCacheId String id) {
            return Uni.createFrom().item(() -> {
                calls.incrementAndGet();
                return new Profile(id, List.of());
            });
        }

        @GCached(keyType = "user_id", useCase = "RemoteStage", remote = @GCached.Layer(ttl = "1h"))
        public CompletionStage<Profile> stage(@GCacheId String id) {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(new Profile(id, List.of()));
        }
    }
}
