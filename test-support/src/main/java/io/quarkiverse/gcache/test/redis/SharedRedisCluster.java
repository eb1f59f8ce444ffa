package io.quarkiverse.gcache.test.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One {@link RedisCluster} per name and test JVM, reachable from every class loader: what {@link SharedRedis} is for
 * a single server. A {@code QuarkusUnitTest} loads the test class twice, so a plain static cluster would start twice.
 * The cluster is published in the system properties as JDK types only; nodes are named by their index (0, 1, 2, in
 * slot order: node 0 owns slots 0-5460).
 */
public final class SharedRedisCluster {

    private static final String PREFIX = "io.quarkiverse.gcache.test.redis.shared-cluster.";

    private final String name;
    private final Map<String, Object> handle;

    private SharedRedisCluster(String name, Map<String, Object> handle) {
        this.name = name;
        this.handle = handle;
    }

    /** The cluster named {@code name}, started on first use. */
    @SuppressWarnings("unchecked")
    public static SharedRedisCluster get(String name) {
        synchronized (System.getProperties()) {
            Object existing = System.getProperties().get(PREFIX + name);
            if (existing != null) {
                return new SharedRedisCluster(name, (Map<String, Object>) existing);
            }
            RedisCluster cluster = RedisCluster.start();
            Map<String, Object> handle = new HashMap<>();
            handle.put("uris", (Supplier<List<String>>) cluster::uris);
            handle.put("command",
                    (BiFunction<Integer, String[], Object>) (node, args) -> cluster.node(node).command(args));
            handle.put("nodeForKey",
                    (Function<String, Integer>) key -> cluster.nodes().indexOf(cluster.nodeForKey(key)));
            handle.put("keySlot", (Function<String, Integer>) cluster::keySlot);
            handle.put("stop", (IntConsumer) node -> cluster.node(node).stop());
            handle.put("pause", (IntConsumer) node -> cluster.node(node).pause());
            handle.put("resume", (IntConsumer) node -> cluster.node(node).resume());
            handle.put("restart", (IntConsumer) node -> cluster.node(node).restart());
            handle.put("close", (Runnable) cluster::close);
            System.getProperties().put(PREFIX + name, handle);
            return new SharedRedisCluster(name, handle);
        }
    }

    /** Every node's {@code redis://127.0.0.1:PORT}, in slot order. */
    @SuppressWarnings("unchecked")
    public List<String> uris() {
        return ((Supplier<List<String>>) handle.get("uris")).get();
    }

    /** The value of {@code quarkus.redis.hosts}: every node's URI, comma separated. */
    public String hosts() {
        return String.join(",", uris());
    }

    /** Sends one command to node {@code node} on a fresh connection; the reply as String, Long, List or null. */
    @SuppressWarnings("unchecked")
    public Object command(int node, String... args) {
        return ((BiFunction<Integer, String[], Object>) handle.get("command")).apply(node, args);
    }

    /** Sends one command to the node that owns the key's slot (the key being {@code args[1]}). */
    public Object commandOnOwner(String... args) {
        return command(nodeForKey(args[1]), args);
    }

    /** The index of the node that owns the key's hash slot. */
    @SuppressWarnings("unchecked")
    public int nodeForKey(String key) {
        return ((Function<String, Integer>) handle.get("nodeForKey")).apply(key);
    }

    /** {@code CLUSTER KEYSLOT key}. */
    @SuppressWarnings("unchecked")
    public int keySlot(String key) {
        return ((Function<String, Integer>) handle.get("keySlot")).apply(key);
    }

    /** Kills node {@code node} (SIGKILL). */
    public void stop(int node) {
        run("stop", node);
    }

    /** Freezes node {@code node} (SIGSTOP). */
    public void pause(int node) {
        run("pause", node);
    }

    /** Thaws node {@code node} (SIGCONT). */
    public void resume(int node) {
        run("resume", node);
    }

    /** Starts node {@code node} again on its port, with its identity and slots. */
    public void restart(int node) {
        run("restart", node);
    }

    /** Kills every node and forgets the cluster. */
    public void close() {
        synchronized (System.getProperties()) {
            if (System.getProperties().remove(PREFIX + name) != null) {
                ((Runnable) handle.get("close")).run();
            }
        }
    }

    private void run(String action, int node) {
        ((IntConsumer) handle.get(action)).accept(node);
    }
}
