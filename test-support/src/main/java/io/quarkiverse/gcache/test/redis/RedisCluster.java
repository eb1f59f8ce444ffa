package io.quarkiverse.gcache.test.redis;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters (no replicas) on 127.0.0.1, for tests.
 * <p>
 * The nodes are joined with CLUSTER MEET and own the slots 0-5460, 5461-10922 and 10923-16383 (as
 * {@code redis-cli --cluster create} splits them). Each node is a {@link RedisServer}, so a test can
 * {@link RedisServer#stop() kill}, {@link RedisServer#pause() pause} or {@link RedisServer#restart() restart}
 * one; a restarted node keeps its identity and slots.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     String uris = String.join(",", cluster.uris());
 *     cluster.nodeForKey("{user:1}:profile").pause();
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

    /** Number of masters. */
    public static final int SIZE = 3;

    /** Redis Cluster's hash slot count. */
    public static final int SLOTS = 16384;

    /** How long a node may be unreachable before the others flag it as failing. */
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(2000);

    private static final int[][] SLOT_RANGES = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts three cluster-enabled redis-servers on free ports, joins them, assigns all slots and waits
     * until every node reports {@code cluster_state:ok}.
     *
     * @return the running cluster; close it when done
     * @throws IllegalStateException if no redis-server is installed or the cluster does not form in time
     */
    public static RedisCluster start() {
        Path binary = RedisBinary.find();
        List<String> clusterArgs = List.of(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()));
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < SIZE; i++) {
                nodes.add(RedisServer.start(binary, true, clusterArgs));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** @return the nodes, in slot order: node 0 owns slots 0-5460 */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /**
     * @param index 0, 1 or 2
     * @return that node
     */
    public RedisServer node(int index) {
        return nodes.get(index);
    }

    /** @return every node's {@code redis://127.0.0.1:PORT}, in slot order */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).collect(Collectors.toList());
    }

    /**
     * Finds the node that owns the key's hash slot (asks a running node for CLUSTER KEYSLOT).
     *
     * @param key a key, possibly with a hash tag such as {@code "{user:1}:name"}
     * @return the owning node
     */
    public RedisServer nodeForKey(String key) {
        return nodeForSlot(keySlot(key));
    }

    /**
     * @param slot 0..16383
     * @return the node that owns it
     */
    public RedisServer nodeForSlot(int slot) {
        for (int i = 0; i < SIZE; i++) {
            if (slot >= SLOT_RANGES[i][0] && slot <= SLOT_RANGES[i][1]) {
                return nodes.get(i);
            }
        }
        throw new IllegalArgumentException("no such slot: " + slot);
    }

    /**
     * Asks a running, unpaused node for {@code CLUSTER KEYSLOT key}.
     *
     * @param key a key
     * @return its hash slot
     */
    public int keySlot(String key) {
        for (RedisServer node : nodes) {
            if (node.isRunning() && !node.isPaused()) {
                return Math.toIntExact((Long) node.command("CLUSTER", "KEYSLOT", key));
            }
        }
        throw new IllegalStateException("no running node to ask CLUSTER KEYSLOT");
    }

    /**
     * Waits until every running, unpaused node reports this {@code cluster_state}, e.g. {@code "fail"} after
     * a node was paused, then {@code "ok"} after it was resumed.
     *
     * @param state {@code "ok"} or {@code "fail"}
     * @throws IllegalStateException with each node's CLUSTER INFO if that does not happen within 60 s
     */
    public void awaitState(String state) {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        while (!allRunningNodesReport(state)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster did not reach cluster_state:" + state + " within "
                        + STATE_TIMEOUT + "; nodes: " + describeNodes());
            }
            sleep();
        }
    }

    /** Kills every node and deletes their temp dirs. Safe to call more than once. */
    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "RedisCluster" + uris();
    }

    private void form() {
        for (int i = 0; i < SIZE; i++) {
            RedisServer node = nodes.get(i);
            // distinct config epochs up front, as redis-cli does, so no epoch collision has to be resolved
            node.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            // ADDSLOTS, not ADDSLOTSRANGE: the latter needs Redis 7, the embedded binary is 6.2
            List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = SLOT_RANGES[i][0]; slot <= SLOT_RANGES[i][1]; slot++) {
                addSlots.add(Integer.toString(slot));
            }
            node.command(addSlots.toArray(String[]::new));
        }
        RedisServer first = nodes.get(0);
        for (int i = 1; i < SIZE; i++) {
            first.command("CLUSTER", "MEET", RedisServer.HOST, Integer.toString(nodes.get(i).port()));
        }
        awaitState("ok");
    }

    private boolean allRunningNodesReport(String state) {
        for (RedisServer node : nodes) {
            if (!node.isRunning() || node.isPaused()) {
                continue;
            }
            String info = clusterInfo(node);
            if (info == null || !state.equals(RedisServer.infoField(info, "cluster_state"))) {
                return false;
            }
            if ("ok".equals(state) && !Integer.toString(SIZE).equals(RedisServer.infoField(info, "cluster_known_nodes"))) {
                return false;
            }
        }
        return true;
    }

    private static String clusterInfo(RedisServer node) {
        try (RedisConnection connection = node.connect(Duration.ofSeconds(1))) {
            return (String) connection.command("CLUSTER", "INFO");
        } catch (UncheckedIOException | RedisErrorReply e) {
            return null;
        }
    }

    private String describeNodes() {
        StringBuilder out = new StringBuilder();
        for (RedisServer node : nodes) {
            out.append("\n  ").append(node.uri());
            if (!node.isRunning()) {
                out.append(" not running");
            } else if (node.isPaused()) {
                out.append(" paused");
            } else {
                String info = clusterInfo(node);
                out.append(info == null ? " no answer" : " " + info.replace("\r\n", " "));
            }
        }
        return out.toString();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
