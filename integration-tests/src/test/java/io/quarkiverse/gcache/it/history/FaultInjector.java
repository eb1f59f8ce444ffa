package io.quarkiverse.gcache.it.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

import io.quarkiverse.gcache.it.history.Fault.Kind;
import io.quarkiverse.gcache.test.redis.RedisCluster;
import io.quarkiverse.gcache.test.redis.RedisServer;
import io.quarkiverse.gcache.test.redis.TcpProxy;

/**
 * Injects one fault at a time, on a random schedule, into the cache's Redis (one server with a TCP proxy in front of
 * process 0, or a cluster) and the application processes; each is healed before the next.
 * <p>
 * The cluster has no proxy: its clients learn the nodes' own addresses from {@code CLUSTER SLOTS} and go around any
 * proxy, so latency and partition are injected on one Redis only.
 */
final class FaultInjector {

    /** The most latency the proxy adds, each way; part of the propagation bound. */
    static final Duration MAX_LATENCY = Duration.ofMillis(200);

    private final RedisServer redis;
    private final TcpProxy proxy;
    private final RedisCluster cluster;
    private final List<AppProcess> processes;
    private final List<Fault> faults = new ArrayList<>();

    private FaultInjector(RedisServer redis, TcpProxy proxy, RedisCluster cluster, List<AppProcess> processes) {
        this.redis = redis;
        this.proxy = proxy;
        this.cluster = cluster;
        this.processes = processes;
    }

    static FaultInjector onOneRedis(RedisServer redis, TcpProxy proxy, List<AppProcess> processes) {
        return new FaultInjector(redis, proxy, null, processes);
    }

    static FaultInjector onCluster(RedisCluster cluster, List<AppProcess> processes) {
        return new FaultInjector(null, null, cluster, processes);
    }

    synchronized List<Fault> faults() {
        return new ArrayList<>(faults);
    }

    /** Faults until {@code running} says stop, 1.5 to 3.5 s apart, each lasting 0.5 to 3 s. */
    void run(long seed, BooleanSupplier running) {
        Random random = new Random(seed);
        List<Kind> kinds = cluster == null ? List.of(Kind.values())
                : List.of(Kind.REDIS_KILL, Kind.REDIS_PAUSE, Kind.PUBSUB_KILL, Kind.APP_PAUSE);
        while (running.getAsBoolean()) {
            AppProcess.sleep(1500 + random.nextInt(2000));
            if (!running.getAsBoolean()) {
                return;
            }
            inject(kinds.get(random.nextInt(kinds.size())), random);
        }
    }

    private void inject(Kind kind, Random random) {
        long start = System.nanoTime();
        int process = -1;
        String detail = "";
        switch (kind) {
            case REDIS_KILL -> {
                RedisServer node = pickNode(random);
                detail = node.uri();
                node.stop();
                AppProcess.sleep(500 + random.nextInt(1000));
                node.restart();
                awaitClusterOk();
            }
            case REDIS_PAUSE -> {
                RedisServer node = pickNode(random);
                detail = node.uri();
                node.pause();
                AppProcess.sleep(500 + random.nextInt(2000));
                node.resume();
                awaitClusterOk();
            }
            case PUBSUB_KILL -> {
                for (RedisServer node : cluster == null ? List.of(redis) : cluster.nodes()) {
                    node.command("CLIENT", "KILL", "TYPE", "pubsub");
                }
            }
            case APP_PAUSE -> {
                AppProcess app = processes.get(random.nextInt(processes.size()));
                process = app.index;
                app.pause();
                AppProcess.sleep(500 + random.nextInt(2000));
                app.resume();
            }
            case PROXY_LATENCY -> {
                process = 0;
                Duration latency = Duration.ofMillis(50 + random.nextInt((int) MAX_LATENCY.toMillis() - 49));
                detail = latency.toMillis() + "ms each way";
                proxy.latency(latency);
                AppProcess.sleep(1000 + random.nextInt(2000));
                proxy.latency(Duration.ZERO);
            }
            case PROXY_BLACKHOLE -> {
                process = 0;
                proxy.blackHole();
                AppProcess.sleep(1000 + random.nextInt(2000));
                proxy.restore();
            }
        }
        Fault fault = new Fault(kind, process, start, System.nanoTime(), detail);
        synchronized (this) {
            faults.add(fault);
        }
    }

    private RedisServer pickNode(Random random) {
        return cluster == null ? redis : cluster.node(random.nextInt(RedisCluster.SIZE));
    }

    private void awaitClusterOk() {
        if (cluster != null) {
            cluster.awaitState("ok");
        }
    }
}
