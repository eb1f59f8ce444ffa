package io.quarkiverse.gcache.test.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cleans up after tests that did not close their servers: at JVM exit, kills every redis-server still
 * registered and deletes the registered temp dirs.
 */
final class ProcessReaper {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::reapAll, "gcache-redis-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(Process process) {
        LIVE.add(process);
    }

    static void unregister(Process process) {
        LIVE.remove(process);
    }

    static void registerDir(Path dir) {
        DIRS.add(dir);
    }

    /** Deletes the dir now (best effort) and forgets it. */
    static void deleteDir(Path dir) {
        DIRS.remove(dir);
        deleteRecursively(dir);
    }

    private static void reapAll() {
        for (Process process : LIVE) {
            process.destroyForcibly(); // SIGKILL also ends a SIGSTOPped process
        }
        for (Process process : LIVE) {
            try {
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        DIRS.forEach(ProcessReaper::deleteRecursively);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp dir
        }
    }
}
