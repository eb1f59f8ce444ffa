package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * One subscription per master of a Redis Cluster, following the cluster's topology.
 * <p>
 * Why per master: keyspace notifications are node-local (a watermark set on master A is announced on A only), and a
 * PUBLISH on A reaches a subscriber connected to B over the cluster bus, which drops it (nothing is queued) when A has
 * freed its bus link to B because B did not answer for half the node timeout. With a connection to every master, the
 * invalidation script's PUBLISH (it runs on the watermark's master) and the watermark's notification reach this process
 * directly. The cost is one connection per master per process.
 * <p>
 * The masters come from {@code CLUSTER NODES}, read again after every loss (a failover promotes a replica) and every
 * {@link #REFRESH} (a resharding or a manual failover adds a master without breaking any connection we hold).
 */
final class ClusterSubscriptions {

    private static final Logger LOG = Logger.getLogger(ClusterSubscriptions.class);
    /**
     * How often the topology is read when nothing was lost: a new master that took over without a loss on our side
     * (manual failover, resharding) is followed within this, at one {@code CLUSTER NODES} per process per period.
     */
    static final Duration REFRESH = Duration.ofSeconds(10);
    /** How soon a first topology that could not be read is asked for again. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    /** A master followed: its own client and its subscription. */
    private record Node(Redis client, NodeSubscription subscription) {
    }

    private final RedisGateway gateway;
    private final NodeClients clients;
    private final BiFunction<String, Redis, NodeSubscription> subscribe;
    /** What to run before new masters' subscriptions start (the keyspace start-up line, the switch-on). */
    private final Function<Map<String, Redis>, Uni<Void>> prepare;
    /** Told when the set of masters changed, so that the aggregate "live" is judged again. */
    private final Runnable changed;
    /** Guarded by {@code this} with {@link #stopped}. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean refusedLogged = new AtomicBoolean();
    private volatile boolean stopped;

    ClusterSubscriptions(RedisGateway gateway, NodeClients clients, BiFunction<String, Redis, NodeSubscription> subscribe,
            Function<Map<String, Redis>, Uni<Void>> prepare, Runnable changed) {
        this.gateway = gateway;
        this.clients = clients;
        this.subscribe = subscribe;
        this.prepare = prepare;
        this.changed = changed;
    }

    void start() {
        tick();
    }

    /** Whether a subscription on every known master is confirmed (false before the topology is known). */
    synchronized boolean allLive() {
        if (nodes.isEmpty()) {
            return false;
        }
        for (Node node : nodes.values()) {
            if (!node.subscription().live()) {
                return false;
            }
        }
        return true;
    }

    void stop() {
        List<Node> closing;
        synchronized (this) {
            stopped = true;
            closing = new ArrayList<>(nodes.values());
            nodes.clear();
        }
        closing.forEach(ClusterSubscriptions::close);
    }

    /** Reads the topology now, unless a read is under way: after a loss, the node lost may no longer be a master. */
    void refresh() {
        if (stopped || !reading.compareAndSet(false, true)) {
            return;
        }
        // bounded: a cluster client that does not answer must not keep every later read from starting
        Duration limit = gateway.timeout().compareTo(FIRST_RETRY) > 0 ? gateway.timeout() : FIRST_RETRY;
        gateway.redis().send(Request.cmd(Command.CLUSTER).arg("NODES"))
                .ifNoItem().after(limit).fail()
                .map(answer -> RedisGateway.masters(answer.toString()).stream().map(RedisGateway.Master::address)
                        .toList())
                .subscribe().with(masters -> {
                    reading.set(false);
                    follow(masters);
                }, failure -> {
                    reading.set(false);
                    // the masters we follow stay followed; the next read comes with the next loss or period
                    if (String.valueOf(failure.getMessage()).startsWith("NOPERM") && refusedLogged.compareAndSet(false,
                            true)) {
                        LOG.errorf("Redis refused CLUSTER NODES (%s): GCache cannot subscribe on each master, so "
                                + "tracked use cases skip LOCAL. Allow the user +cluster|nodes", failure.getMessage());
                    } else {
                        LOG.debugf("Cannot read the Redis Cluster topology for the GCache subscriptions: %s",
                                failure.getMessage());
                    }
                });
    }

    private void tick() {
        if (stopped) {
            return;
        }
        refresh();
        boolean known;
        synchronized (this) {
            known = !nodes.isEmpty();
        }
        NodeSubscription.later(known ? REFRESH : FIRST_RETRY, this::tick);
    }

    /** Subscribes on the masters not followed yet, and drops the nodes that are no longer masters. */
    private void follow(List<String> masters) {
        if (masters.isEmpty()) {
            return; // a cluster with no master owning slots is down: keep what we have, read again later
        }
        Map<String, Redis> added = new LinkedHashMap<>();
        List<Node> removed = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Set<String> wanted = new LinkedHashSet<>(masters);
            for (String address : List.copyOf(nodes.keySet())) {
                if (!wanted.contains(address)) {
                    removed.add(nodes.remove(address));
                }
            }
            for (String address : wanted) {
                if (!nodes.containsKey(address)) {
                    Redis client = clients.client(address);
                    nodes.put(address, new Node(client, subscribe.apply(address, client)));
                    added.put(address, client);
                }
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        LOG.debugf("GCache subscribes on the Redis Cluster masters %s (new: %s, no longer masters: %d)", masters,
                added.keySet(), removed.size());
        removed.forEach(ClusterSubscriptions::close);
        changed.run();
        prepare.apply(added).subscribe().with(x -> startAll(added.keySet()), x -> startAll(added.keySet()));
    }

    private void startAll(Set<String> addresses) {
        List<NodeSubscription> starting = new ArrayList<>();
        synchronized (this) {
            for (String address : addresses) {
                Node node = nodes.get(address);
                if (node != null) {
                    starting.add(node.subscription());
                }
            }
        }
        starting.forEach(NodeSubscription::start);
    }

    /** Ends a master's subscription and closes its client, with every connection of its pool. */
    private static void close(Node node) {
        node.subscription().stop();
        node.client().close();
    }
}
