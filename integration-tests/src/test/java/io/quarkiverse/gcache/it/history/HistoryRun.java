package io.quarkiverse.gcache.it.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.quarkiverse.gcache.it.history.HistoryChecker.Verdict;
import io.quarkiverse.gcache.test.redis.RedisCluster;
import io.quarkiverse.gcache.test.redis.RedisServer;
import io.quarkiverse.gcache.test.redis.TcpProxy;

/**
 * One run of the history checker: a store Redis the faults never touch; the cache's Redis (one server, process 0
 * reaching it through a TCP proxy, or a 3-master cluster); three packaged application processes; the workload, the
 * probes and the faults for the given time; then the store's history and the check.
 */
final class HistoryRun {

    static final Duration PING_INTERVAL = Duration.ofSeconds(1);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    static final int PROCESSES = 3;

    /**
     * @param duration how long the workload runs
     * @param cluster a 3-master cluster instead of one Redis
     * @param faults whether faults are injected
     * @param plantedBug start the processes with the test-only switch that makes them ignore invalidation messages
     * @param seed the workload's and the faults' randomness
     * @param basePort the first of three HTTP ports, or 0 for free ones
     * @param workersPerProcess concurrent workers driving each process
     * @param jar the packaged application's {@code quarkus-run.jar}
     * @param logDir where the processes' logs go
     * @param pingInterval the processes' {@code subscription-ping-interval}; {@code 0} turns the check off
     */
    record Options(Duration duration, boolean cluster, boolean faults, boolean plantedBug, long seed, int basePort,
            int workersPerProcess, Path jar, Path logDir, Duration pingInterval) {

        static Options defaults(Duration duration) {
            return new Options(duration, false, true, false, System.nanoTime(), Integer.getInteger("history.base-port", 0),
                    4, Path.of("target/quarkus-app/quarkus-run.jar"), Path.of("target"), PING_INTERVAL);
        }

        Options onCluster() {
            return new Options(duration, true, faults, plantedBug, seed, basePort, workersPerProcess, jar, logDir,
                    pingInterval);
        }

        Options withPlantedBug() {
            return new Options(duration, cluster, faults, true, seed, basePort, workersPerProcess, jar, logDir,
                    pingInterval);
        }

        Options withoutFaults() {
            return new Options(duration, cluster, false, plantedBug, seed, basePort, workersPerProcess, jar, logDir,
                    pingInterval);
        }

        /**
         * Without the subscription's PING: on a loaded machine a PING starved of CPU for a second counts as a lost
         * subscription, which drops every tracked LOCAL entry and would hide a planted bug. Only for runs without faults.
         */
        Options withoutSubscriptionPing() {
            return new Options(duration, cluster, faults, plantedBug, seed, basePort, workersPerProcess, jar, logDir,
                    Duration.ZERO);
        }

        Bounds bounds() {
            return Bounds.forProcesses(pingInterval, PING_TIMEOUT, FaultInjector.MAX_LATENCY);
        }
    }

    static Verdict run(Options options) {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException(options.jar().toAbsolutePath() + " is missing: package the example "
                    + "application first (./mvnw package -pl integration-tests -am)");
        }
        System.out.printf("history checker: %s on %s, faults %s, seed %d%s%n", options.duration(),
                options.cluster() ? "a 3-master cluster" : "one Redis", options.faults() ? "on" : "off", options.seed(),
                options.plantedBug() ? ", PLANTED BUG: processes ignore invalidation messages" : "");
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            RedisServer store = RedisServer.start();
            resources.add(store);
            FaultInjector injector;
            List<String> redisHosts = new ArrayList<>();
            List<AppProcess> processes = new ArrayList<>();
            if (options.cluster()) {
                RedisCluster cluster = RedisCluster.start();
                resources.add(cluster);
                String hosts = String.join(",", cluster.uris());
                for (int i = 0; i < PROCESSES; i++) {
                    redisHosts.add(hosts);
                }
                injector = FaultInjector.onCluster(cluster, processes);
            } else {
                RedisServer redis = RedisServer.start();
                resources.add(redis);
                TcpProxy proxy = TcpProxy.to(redis.port());
                resources.add(proxy);
                redisHosts.addAll(List.of(proxy.uri(), redis.uri(), redis.uri()));
                injector = FaultInjector.onOneRedis(redis, proxy, processes);
            }
            for (int i = 0; i < PROCESSES; i++) {
                AppProcess process = AppProcess.launch(i, port(options, i), options.jar(), options.logDir(),
                        properties(options, redisHosts.get(i), store));
                resources.add(0, process); // stopped before the Redis servers
                processes.add(process);
            }
            for (AppProcess process : processes) {
                process.awaitUp();
                process.checkSharesTheClock();
            }
            Workload workload = new Workload(processes);
            List<Fault> faults = drive(options, workload, injector, processes);
            History history = new History(workload.operations(), faults, storeValues(store), workload.propagations(),
                    List.of(subscriptionLosses(processes)));
            Verdict verdict = HistoryChecker.check(history, options.bounds());
            writeTimeline(options, verdict);
            return verdict;
        } finally {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("closing " + resource + ": " + e);
                }
            }
        }
    }

    /** Every fault and every violation, with the run's settings, in a file beside the processes' logs. */
    private static void writeTimeline(Options options, Verdict verdict) {
        StringBuilder out = new StringBuilder().append(options).append("\n\n").append(verdict.report())
                .append("\nfaults:\n");
        verdict.history().faults().forEach(f -> out.append("  ").append(f).append('\n'));
        out.append("\npropagation measurements:\n");
        verdict.history().propagations().forEach(p -> out.append("  p").append(p.writer()).append(" wrote at ")
                .append(Millis.of(p.writeStart())).append(" .. ").append(Millis.of(p.writeEnd())).append(", p")
                .append(p.watcher()).append(p.timedOut() ? " never saw it" : " saw it at " + Millis.of(p.seenAt()))
                .append('\n'));
        out.append("\nviolations:\n");
        verdict.violations().forEach(v -> out.append("  ").append(v).append('\n'));
        Path file = options.logDir().resolve("history-" + (options.cluster() ? "cluster" : "redis")
                + (options.plantedBug() ? "-planted-bug" : "") + "-" + options.seed() + ".txt");
        try {
            Files.writeString(file, out);
            System.out.println("history checker: faults and violations in " + file.toAbsolutePath());
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e);
        }
    }

    /** How often each process logged a lost invalidation subscription (faults, or a PING starved of CPU). */
    private static String subscriptionLosses(List<AppProcess> processes) {
        StringBuilder out = new StringBuilder("subscription losses the processes logged:");
        for (AppProcess process : processes) {
            long losses;
            try (Stream<String> lines = Files.lines(process.log())) {
                losses = lines.filter(l -> l.contains("Lost the GCache invalidation subscription")).count();
            } catch (IOException | UncheckedIOException e) {
                losses = -1;
            }
            out.append(" p").append(process.index).append('=').append(losses);
        }
        return out.toString();
    }

    private static List<String> properties(Options options, String redisHosts, RedisServer store) {
        List<String> properties = new ArrayList<>(List.of(
                "quarkus.redis.hosts=" + redisHosts,
                "consistency.store.uri=" + store.uri(),
                "quarkus.gcache.remote.subscription-ping-interval=" + options.pingInterval().toMillis() + "ms",
                "quarkus.gcache.remote.subscription-ping-timeout=" + PING_TIMEOUT.toMillis() + "ms",
                // both paths to LOCAL under the faults: the channel and the watermarks' keyspace notifications
                "quarkus.gcache.remote.enable-keyspace-events=true",
                "quarkus.log.category.\"io.quarkiverse.gcache\".level=INFO"));
        if (options.cluster()) {
            properties.add("quarkus.redis.client-type=cluster");
        }
        if (options.plantedBug()) {
            properties.add("gcache.test-only.ignore-invalidation-messages=true");
        }
        return properties;
    }

    /** Runs the workers, the probes and the faults for the run's time; returns the faults. */
    private static List<Fault> drive(Options options, Workload workload, FaultInjector injector,
            List<AppProcess> processes) {
        long start = System.nanoTime();
        Millis.startAt(start);
        long end = start + options.duration().toNanos();
        BooleanSupplier running = () -> System.nanoTime() - end < 0;
        ExecutorService threads = Executors.newCachedThreadPool();
        List<Future<?>> tasks = new ArrayList<>();
        long seed = options.seed();
        for (AppProcess process : processes) {
            for (int w = 0; w < options.workersPerProcess(); w++) {
                long workerSeed = seed + 1000L * process.index + w;
                tasks.add(threads.submit(() -> workload.work(process, workerSeed, running)));
            }
        }
        tasks.add(threads.submit(() -> workload.probe(seed + 7, running)));
        if (options.faults()) {
            tasks.add(threads.submit(() -> injector.run(seed + 11, running)));
        }
        try {
            for (Future<?> task : tasks) {
                task.get(); // a harness failure (not GCache's) ends the run here
            }
        } catch (Exception e) {
            threads.shutdownNow();
            throw new IllegalStateException("the harness failed; see the processes' logs in " + options.logDir(), e);
        } finally {
            threads.shutdown();
            try {
                threads.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return injector.faults();
    }

    private static Map<String, Set<String>> storeValues(RedisServer store) {
        Map<String, Set<String>> values = new HashMap<>();
        Stream.concat(Workload.ENTITIES.stream(), Workload.PROBE_ENTITIES.stream()).forEach(entity -> {
            Set<String> held = new HashSet<>();
            for (Object item : (List<?>) store.command("LRANGE", "history:" + entity, "0", "-1")) {
                held.add((String) item);
            }
            values.put(entity, held);
        });
        return values;
    }

    private static int port(Options options, int index) {
        if (options.basePort() > 0) {
            return options.basePort() + index;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
