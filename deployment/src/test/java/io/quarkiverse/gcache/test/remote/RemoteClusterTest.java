package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
import io.quarkiverse.gcache.test.redis.SharedRedisCluster;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * REMOTE on a real Redis Cluster of three masters, through the Quarkus Redis client in cluster mode: reads (a Lua
 * script), writes, watermarks, flush and the invalidation channel work as on a single Redis, and an entity's entries
 * and its watermark share one slot.
 */
class RemoteClusterTest {

    static final SharedRedisCluster CLUSTER = SharedRedisCluster.get(RemoteClusterTest.class.getName());
    static final int NODES = 3;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class, User.class))
            .overrideConfigKey("quarkus.redis.client-type", "cluster")
            .overrideConfigKey("quarkus.redis.hosts", CLUSTER.hosts())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // This test is about routing, not timeouts: a loaded machine must not turn a slow answer into a miss.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopCluster() {
        CLUSTER.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        for (int node = 0; node < NODES; node++) {
            CLUSTER.command(node, "FLUSHALL");
        }
        Users.RUNS.clear();
    }

    @Test
    void entriesAreWrittenToAndReadFromTheMasterOfTheirSlot() {
        List<String> ids = idsOnEveryNode();
        try (GCacheScope scope = gcache.enable()) {
            for (String id : ids) {
                assertThat(users.profile(id)).isEqualTo(User.of(id));
                assertThat(users.profileUni(id).await().indefinitely()).isEqualTo(User.of(id));
            }
            for (String id : ids) {
                assertThat(users.profile(id)).isEqualTo(User.of(id));
                assertThat(users.profileUni(id).await().indefinitely()).isEqualTo(User.of(id));
            }
        }
        for (String id : ids) {
            assertThat(Users.runs("profile", id)).as("profile(%s) ran", id).isEqualTo(1);
            assertThat(Users.runs("profileUni", id)).as("profileUni(%s) ran", id).isEqualTo(1);
            assertThat((String) CLUSTER.commandOnOwner("GET", entryKey(id)))
                    .matches("\\d{13}:\\{\"id\":\"" + id + "\",\"name\":\"user " + id + "\"\\}");
        }
    }

    @Test
    void invalidateMovesTheWatermarkOnTheEntitysOwnSlot() {
        List<String> ids = idsOnEveryNode();
        try (GCacheScope scope = gcache.enable()) {
            for (String id : ids) {
                users.profile(id);
                gcache.invalidate("user_id", id);
                assertThat(CLUSTER.keySlot(watermarkKey(id))).isEqualTo(CLUSTER.keySlot(entryKey(id)));
                assertThat(CLUSTER.nodeForKey(watermarkKey(id))).isEqualTo(CLUSTER.nodeForKey(entryKey(id)));
                assertThat((String) CLUSTER.commandOnOwner("GET", watermarkKey(id))).matches("\\d{13}");

                assertThat(users.profile(id)).isEqualTo(User.of(id));
                assertThat(Users.runs("profile", id)).as("the entry older than the watermark is not served")
                        .isEqualTo(2);
            }
            // The next fills are younger than the watermark and are served again.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (GCacheScope inner = gcache.enable()) {
                    for (String id : ids) {
                        users.profile(id);
                        int runs = Users.runs("profile", id);
                        assertThat(users.profile(id)).isEqualTo(User.of(id));
                        assertThat(Users.runs("profile", id)).isEqualTo(runs);
                    }
                }
            });
        }
    }

    @Test
    void aFutureBufferKeepsFillsOutOfRedisUntilItEnds() {
        String id = idsOnEveryNode().get(0);
        try (GCacheScope scope = gcache.enable()) {
            users.profile(id);
            String entry = (String) CLUSTER.commandOnOwner("GET", entryKey(id));
            gcache.invalidate("user_id", id, Duration.ofMinutes(5));
            long watermark = Long.parseLong((String) CLUSTER.commandOnOwner("GET", watermarkKey(id)));
            assertThat(watermark).isGreaterThan(System.currentTimeMillis() + Duration.ofMinutes(4).toMillis());

            assertThat(users.profile(id)).isEqualTo(User.of(id));
            assertThat(users.profile(id)).isEqualTo(User.of(id));
            assertThat(Users.runs("profile", id)).isEqualTo(3);
            assertThat(CLUSTER.commandOnOwner("GET", entryKey(id))).as("not overwritten").isEqualTo(entry);
        }
    }

    @Test
    void flushRemovesGCacheKeysFromEveryMasterAndNothingElse() {
        List<String> ids = idsOnEveryNode();
        for (int node = 0; node < NODES; node++) {
            String foreign = foreignKeyOn(node);
            CLUSTER.command(node, "SET", foreign, "keep me");
        }
        try (GCacheScope scope = gcache.enable()) {
            for (String id : ids) {
                users.profile(id);
                users.untracked(id);
                gcache.invalidate("user_id", id, Duration.ofSeconds(1));
            }
        }
        for (int node = 0; node < NODES; node++) {
            assertThat(gcacheKeys(node)).as("GCache keys on node %d before the flush", node).isNotEmpty();
        }

        gcache.flush();

        for (int node = 0; node < NODES; node++) {
            assertThat(gcacheKeys(node)).as("GCache entries on node %d after the flush (its watermarks stay)", node)
                    .allMatch(k -> k.toString().endsWith("}#watermark"));
            assertThat(CLUSTER.command(node, "GET", foreignKeyOn(node))).isEqualTo("keep me");
        }
    }

    /**
     * Issue 10 item 13: each master's SCAN used to be routed through a made-up key ({@code gcache-route-N}) that never
     * exists, so while that key's slot is MIGRATING the source answers ASK and the client follows it to the importing
     * node: "master A's SCAN" scanned master B, and A's keys stayed while flush() reported success.
     */
    @Test
    void flushReachesAMasterWhileTheSlotItWasRoutedThroughIsMigrating() {
        String route = "gcache-route-0"; // the key the old flush routed the first master's SCAN through
        int slot = CLUSTER.keySlot(route);
        int source = CLUSTER.nodeForKey(route);
        int target = (source + 1) % NODES;
        String sourceId = (String) CLUSTER.command(source, "CLUSTER", "MYID");
        String targetId = (String) CLUSTER.command(target, "CLUSTER", "MYID");
        List<String> onSource = new ArrayList<>();
        for (int i = 0; onSource.size() < 10; i++) {
            String key = entryKey("migrating-" + i);
            if (CLUSTER.nodeForKey(key) == source) {
                CLUSTER.command(source, "SET", key, "x");
                onSource.add(key);
            }
        }
        String foreign = foreignKeyOn(source);
        CLUSTER.command(source, "SET", foreign, "keep me");
        try {
            CLUSTER.command(target, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", sourceId);
            CLUSTER.command(source, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", targetId);
            assertThat(gcacheKeys(source)).hasSize(onSource.size());

            gcache.flush();

            assertThat(gcacheKeys(source)).as("GCache keys left on the master whose slot %d is migrating", slot)
                    .isEmpty();
            assertThat(CLUSTER.command(source, "GET", foreign)).isEqualTo("keep me");
        } finally {
            CLUSTER.command(source, "CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE");
            CLUSTER.command(target, "CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE");
        }
    }

    @Test
    void anInvalidationPublishedOnAnyNodeDropsLocalEntries() {
        for (int node = 0; node < NODES; node++) {
            String id = "pub-" + node;
            // LOCAL serves tracked use cases once the invalidation channel is live.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (GCacheScope scope = gcache.enable()) {
                    users.badge(id);
                    int runs = Users.runs("badge", id);
                    assertThat(users.badge(id)).isEqualTo(User.of(id));
                    assertThat(Users.runs("badge", id)).isEqualTo(runs);
                }
            });
            int filled = Users.runs("badge", id);

            // As another process's invalidate would: on whichever node its connection happens to be.
            CLUSTER.command(node, "PUBLISH", "urn:gcache:invalidations", "user_id:" + id);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (GCacheScope scope = gcache.enable()) {
                    assertThat(users.badge(id)).isEqualTo(User.of(id));
                }
                assertThat(Users.runs("badge", id)).as("badge(%s) ran again", id).isGreaterThan(filled);
            });
        }
    }

    /** Ids whose entries live on each of the three masters, at least one per master. */
    private static List<String> idsOnEveryNode() {
        List<String> ids = new ArrayList<>();
        Set<Integer> nodes = new TreeSet<>();
        for (int i = 0; nodes.size() < NODES || ids.size() < 6; i++) {
            String id = "u" + i;
            int node = CLUSTER.nodeForKey(entryKey(id));
            if (nodes.add(node) || ids.size() < 6) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String foreignKeyOn(int node) {
        for (int i = 0;; i++) {
            String key = "someone-elses-key-" + i;
            if (CLUSTER.nodeForKey(key) == node) {
                return key;
            }
        }
    }

    private static List<?> gcacheKeys(int node) {
        List<Object> keys = new ArrayList<>((List<?>) CLUSTER.command(node, "KEYS", "urn:gcache:*"));
        keys.addAll((List<?>) CLUSTER.command(node, "KEYS", "{urn:gcache:*"));
        return keys;
    }

    private static String entryKey(String id) {
        return "{urn:gcache:user_id:" + id + "}#ClusterProfile";
    }

    private static String watermarkKey(String id) {
        return "{urn:gcache:user_id:" + id + "}#watermark";
    }

    public record User(String id, String name) {
        static User of(String id) {
            return new User(id, "user " + id);
        }
    }

    @ApplicationScoped
    public static class Users {
        static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

        static int runs(String method, String id) {
            AtomicInteger runs = RUNS.get(method + ":" + id);
            return runs == null ? 0 : runs.get();
        }

        private static User ran(String method, String id) {
            RUNS.computeIfAbsent(method + ":" + id, k -> new AtomicInteger()).incrementAndGet();
            return User.of(id);
        }

        /** REMOTE only: every call reads Redis. */
        @GCached(keyType = "user_id", useCase = "ClusterProfile", remote = @GCached.Layer(ttl = "1h"))
        public User profile(@GCacheId String id) {
            return ran("profile", id);
        }

        @GCached(keyType = "user_id", useCase = "ClusterProfileUni", remote = @GCached.Layer(ttl = "1h"))
        public Uni<User> profileUni(@GCacheId String id) {
            return Uni.createFrom().item(() -> ran("profileUni", id));
        }

        @GCached(keyType = "user_id", useCase = "ClusterUntracked", trackForInvalidation = false,
                remote = @GCached.Layer(ttl = "1h"))
        public User untracked(@GCacheId String id) {
            return ran("untracked", id);
        }

        /** LOCAL only: dropped by the invalidation channel. */
        @GCached(keyType = "user_id", useCase = "ClusterBadge", local = @GCached.Layer(ttl = "1h"))
        public User badge(@GCacheId String id) {
            return ran("badge", id);
        }
    }
}
