package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

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
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.RedisConnection;
import io.quarkiverse.gcache.test.redis.SharedRedisCluster;
import io.quarkus.test.QuarkusUnitTest;

/**
 * On a Redis Cluster a process holds one invalidation subscription per master (SPEC §5, §15): keyspace notifications
 * are node-local, and a PUBLISH reaches a subscriber on another node only over the cluster bus, which drops what it
 * cannot send while a node is paused longer than half the node timeout. Each test drives a real 3-master cluster.
 */
class ClusterSubscriptionsTest {

    static final SharedRedisCluster CLUSTER = SharedRedisCluster.get(ClusterSubscriptionsTest.class.getName());
    static final int NODES = 3;
    static final String CHANNEL = "urn:gcache:invalidations";
    /** The propagation bound the guide states for LOCAL. */
    static final Duration BOUND = Duration.ofSeconds(5);
    static final Pattern SUBSCRIBED = Pattern.compile("(^| )p?sub=[1-9]");
    static final Pattern CHANNEL_SUBSCRIBED = Pattern.compile("(^| )sub=[1-9]");
    static final AtomicInteger NEXT_ID = new AtomicInteger(1000);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.client-type", "cluster")
            .overrideConfigKey("quarkus.redis.hosts", CLUSTER.hosts())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            .overrideConfigKey("quarkus.gcache.remote.enable-keyspace-events", "true")
            // a paused node must not be noticed by the PING: the message itself has to come through
            .overrideConfigKey("quarkus.gcache.remote.subscription-ping-timeout", "10s")
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s")
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("io.quarkiverse.gcache")
                    && r.getLevel().intValue() >= Level.INFO.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> String.format(r.getMessage(), r.getParameters()))
                        .filter(m -> m.contains("keyspace notifications")).toList();
                // CONFIG SET went to every master, and again to the one restarted (its flags were reset), and the
                // start-up line names them all
                assertThat(lines.stream().filter(m -> m.startsWith("GCache switched on keyspace notifications"))
                        .count()).isEqualTo(NODES + 1);
                assertThat(lines).anySatisfy(m -> assertThat(m).startsWith("GCache drops LOCAL entries on "
                        + "invalidations from the channel urn:gcache:invalidations and on keyspace notifications of "
                        + "watermark keys (__keyspace@0__:{urn:gcache:*}#watermark; notify-keyspace-events=K$)")
                        .matches(".*\\[masters [0-9.:]+, [0-9.:]+, [0-9.:]+\\]"));
            });

    @AfterAll
    static void stopCluster() {
        CLUSTER.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        for (int node = 0; node < NODES; node++) {
            CLUSTER.command(node, "ACL", "SETUSER", "default", "+subscribe");
        }
        await().atMost(Duration.ofSeconds(20)).until(engine::invalidationsLive);
        Users.version.set(1);
    }

    <T> T cached(Supplier<T> call) {
        try (GCacheScope scope = gcache.enable()) {
            return call.get();
        }
    }

    @Test
    void aWatermarkSetByAPlainClientOnAnyMasterDropsTheLocalEntry() {
        List<String> ids = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            ids.add(idOn(node));
        }
        for (String id : ids) {
            assertThat(cached(() -> users.user(id))).isEqualTo(id + "@v1");
        }
        Users.version.set(2);

        for (String id : ids) {
            int node = CLUSTER.nodeForKey(watermarkKey(id));
            CLUSTER.command(node, "SET", watermarkKey(id), Long.toString(millis(node)));
        }

        for (String id : ids) {
            await().atMost(BOUND).untilAsserted(() -> assertThat(cached(() -> users.user(id)))
                    .as("user %s, whose watermark lives on node %d", id, CLUSTER.nodeForKey(watermarkKey(id)))
                    .isEqualTo(id + "@v2"));
        }
    }

    @Test
    void anInvalidationPublishedWhileTheSubscribedNodeIsPausedStillReachesLocal() {
        int paused = subscribedNodes(CHANNEL_SUBSCRIBED).get(0);
        int writer = (paused + 1) % NODES;
        String pausedId = (String) CLUSTER.command(paused, "CLUSTER", "MYID");
        // Entities whose watermarks live on the writer's master, each announced once on the channel there, as GCache's
        // invalidation script does. Only the PUBLISH: the script's SET would also send a keyspace notification, which
        // takes its own path (the PSUBSCRIBE, tested above); this test is about the channel.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ids.add(idOn(writer));
        }
        ids.forEach(id -> cached(() -> users.user(id)));
        Users.version.set(2);

        List<String> published = new ArrayList<>();
        long freedAfterMillis = -1;
        try (RedisConnection w = RedisConnection.open(port(writer))) {
            long linkCreated = linkCreated(w, pausedId);
            // Paused until the writer frees its bus link to the paused node (it does so when a PING has waited half
            // the node timeout) and a little longer: what it publishes before the link is back is dropped.
            long start = System.nanoTime();
            CLUSTER.pause(paused);
            try {
                while (published.size() < ids.size() && elapsedMillis(start) < 2500
                        && (freedAfterMillis < 0 || elapsedMillis(start) < freedAfterMillis + 200)) {
                    String id = ids.get(published.size());
                    w.command("PUBLISH", CHANNEL, "user_id:" + id);
                    published.add(id);
                    if (freedAfterMillis < 0 && published.size() % 10 == 0 && linkCreated(w, pausedId) != linkCreated) {
                        freedAfterMillis = elapsedMillis(start);
                    }
                    LockSupport.parkNanos(1_000_000); // about one invalidation a millisecond through the pause
                }
            } finally {
                CLUSTER.resume(paused);
            }
        }

        String fault = String.format("node %d paused, %d invalidations published on node %d, its bus link to the "
                + "paused node freed after %d ms", paused, published.size(), writer, freedAfterMillis);
        await().atMost(BOUND).untilAsserted(() -> assertThat(published.stream()
                .filter(id -> !cached(() -> users.user(id)).equals(id + "@v2")).toList())
                .as("entities whose LOCAL entry was not dropped (%s)", fault).isEmpty());
    }

    @Test
    void losingOneMastersSubscriptionSkipsTrackedLocalUntilItIsBack() {
        String id = idOn(0);
        for (int node = 0; node < NODES; node++) {
            int lost = node;
            cached(() -> users.user(id));
            int calls = Users.calls.get();
            assertThat(cached(() -> users.user(id))).as("a LOCAL hit").isNotNull();
            assertThat(Users.calls).hasValue(calls);

            CLUSTER.command(lost, "ACL", "SETUSER", "default", "-subscribe"); // keeps it from coming back
            try {
                CLUSTER.command(lost, "CLIENT", "KILL", "TYPE", "pubsub");
                await().atMost(BOUND).untilAsserted(() -> assertThat(engine.invalidationsLive())
                        .as("live after the subscription on node %d was killed", lost).isFalse());
                int before = Users.calls.get();
                cached(() -> users.user(id));
                cached(() -> users.user(id));
                assertThat(Users.calls).as("LOCAL is skipped while node %d's messages may be missed", lost)
                        .hasValue(before + 2);
            } finally {
                CLUSTER.command(lost, "ACL", "SETUSER", "default", "+subscribe");
            }
            await().atMost(Duration.ofSeconds(10)).until(engine::invalidationsLive);
        }
        // every master holds this process's subscription again, on one connection: none leaked by the reconnects
        for (int node = 0; node < NODES; node++) {
            assertThat(CLUSTER.command(node, "CLIENT", "LIST").toString().lines()
                    .filter(line -> SUBSCRIBED.matcher(line).find()).count()).as("subscribed connections on node %d", node)
                    .isEqualTo(1);
        }
    }

    /**
     * A master restarted on its port (a crash, a redeploy) keeps its slots but starts with the default
     * notify-keyspace-events, off: GCache switched them on at start, so it has to switch them on again when it
     * subscribes again, or a watermark set there by a plain client never reaches LOCAL while the subscription is live.
     */
    @Test
    void aMasterRestartedOnItsPortGetsItsKeyspaceNotificationsBack() {
        int restarted = 1;
        CLUSTER.restart(restarted);
        await().atMost(Duration.ofSeconds(20)).until(engine::invalidationsLive);
        String id = idOn(restarted);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(cached(() -> users.user(id))).isEqualTo(id + "@v1");
            int calls = Users.calls.get();
            assertThat(cached(() -> users.user(id))).as("a LOCAL hit").isEqualTo(id + "@v1");
            assertThat(Users.calls).hasValue(calls);
        });
        Users.version.set(2);

        // the restarted node answers CLUSTERDOWN until it has heard from the others again
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> CLUSTER.command(restarted, "SET",
                watermarkKey(id), Long.toString(millis(restarted))));

        await().atMost(BOUND).untilAsserted(() -> assertThat(cached(() -> users.user(id)))
                .as("user %s, whose watermark lives on the restarted node %d (notify-keyspace-events=%s)", id, restarted,
                        CLUSTER.command(restarted, "CONFIG", "GET", "notify-keyspace-events"))
                .isEqualTo(id + "@v2"));
    }

    /** The nodes on which this process holds a subscribed connection (CLIENT LIST's sub= and psub= counts). */
    static List<Integer> subscribedNodes() {
        return subscribedNodes(SUBSCRIBED);
    }

    static List<Integer> subscribedNodes(Pattern subscribed) {
        List<Integer> nodes = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            String clients = CLUSTER.command(node, "CLIENT", "LIST").toString();
            if (clients.lines().anyMatch(line -> subscribed.matcher(line).find())) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    /** A fresh id whose watermark key lives on {@code node}. */
    static String idOn(int node) {
        while (true) {
            String id = Integer.toString(NEXT_ID.incrementAndGet());
            if (CLUSTER.nodeForKey(watermarkKey(id)) == node) {
                return id;
            }
        }
    }

    static String watermarkKey(String id) {
        return "{urn:gcache:user_id:" + id + "}#watermark";
    }

    static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static int port(int node) {
        String uri = CLUSTER.uris().get(node);
        return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    }

    /** The create-time of {@code connection}'s node's bus link to node {@code nodeId} (CLUSTER LINKS), -1 if none. */
    static long linkCreated(RedisConnection connection, String nodeId) {
        for (Object link : (List<?>) connection.command("CLUSTER", "LINKS")) {
            List<?> fields = (List<?>) link;
            java.util.Map<String, Object> map = new java.util.HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                map.put(fields.get(i).toString(), fields.get(i + 1));
            }
            if ("to".equals(map.get("direction")) && nodeId.equals(map.get("node"))) {
                return Long.parseLong(map.get("create-time").toString());
            }
        }
        return -1;
    }

    static long millis(int node) {
        List<?> time = (List<?>) CLUSTER.command(node, "TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    @ApplicationScoped
    public static class Users {
        static final AtomicInteger version = new AtomicInteger(1);
        static final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "CsUser", local = @GCached.Layer(ttl = "1h"))
        public String user(@GCacheId String id) {
            calls.incrementAndGet();
            return id + "@v" + version.get();
        }
    }
}
