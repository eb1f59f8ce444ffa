package io.quarkiverse.gcache.it.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.quarkiverse.gcache.it.history.Operation.Kind;

/**
 * The random workload, driven over HTTP: reads (in an enable scope, through LOCAL+REMOTE or REMOTE only), writes (a
 * store version bump, then an invalidation; a quarter with a future buffer) and deletes, on {@link #ENTITIES} entities
 * so that races are frequent (half of them written by one process only); and propagation probes on entities of their
 * own.
 */
final class Workload {

    /** The workload's key space: small, so that reads, writes and invalidations of one entity overlap often. */
    static final List<String> ENTITIES = List.of("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7");
    /**
     * What a read goes through: LOCAL then REMOTE, REMOTE only, or a scope's second read from REQUEST_LOCAL (see
     * {@code ConsistencyResource#read}).
     */
    static final String[] READ_USE_CASES = { "local", "remote", "request" };
    /** The probes' entities, which the workload does not touch. */
    static final List<String> PROBE_ENTITIES = List.of("probe-0", "probe-1", "probe-2", "probe-3");

    private final List<AppProcess> processes;
    private final Queue<Operation> operations = new ConcurrentLinkedQueue<>();
    private final Queue<Propagation> propagations = new ConcurrentLinkedQueue<>();
    private final AtomicLong values = new AtomicLong();

    Workload(List<AppProcess> processes) {
        this.processes = processes;
    }

    List<Operation> operations() {
        return new ArrayList<>(operations);
    }

    List<Propagation> propagations() {
        return new ArrayList<>(propagations);
    }

    /** One worker's loop against {@code process}, until {@code running} says stop. */
    void work(AppProcess process, long seed, BooleanSupplier running) {
        Random random = new Random(seed);
        while (running.getAsBoolean()) {
            int index = random.nextInt(ENTITIES.size());
            String entity = ENTITIES.get(index);
            int dice = random.nextInt(100);
            if (dice < 80 || !writes(process, index)) {
                read(process, READ_USE_CASES[random.nextInt(READ_USE_CASES.length)], entity);
            } else if (dice < 95) {
                long buffer = random.nextInt(4) == 0 ? 100 + random.nextInt(300) : 0;
                write(process, entity, buffer);
            } else {
                delete(process, entity);
            }
            AppProcess.sleep(1 + random.nextInt(5));
        }
    }

    /**
     * Every process writes the first half of the entities; each of the others has one writer ({@code e4} process 1,
     * {@code e5} process 2, {@code e6} process 0, {@code e7} process 1), so that only the invalidation messages drop
     * them from the other processes' LOCAL tiers, while the first half races writes of every process.
     */
    private static boolean writes(AppProcess process, int entityIndex) {
        return entityIndex < ENTITIES.size() / 2 || entityIndex % PROCESSES == process.index;
    }

    private static final int PROCESSES = HistoryRun.PROCESSES;

    /**
     * One probe's loop: the watchers fill LOCAL with a probe entity, start reading it in a loop, and a writer
     * writes it; each watcher reports when it first saw the new version.
     */
    void probe(long seed, BooleanSupplier running) {
        Random random = new Random(seed);
        for (int round = 0; running.getAsBoolean(); round++) {
            String entity = PROBE_ENTITIES.get(round % PROBE_ENTITIES.size());
            AppProcess writer = processes.get(random.nextInt(processes.size()));
            List<AppProcess> watchers = processes.stream().filter(p -> p != writer).toList();
            List<Long> before = new ArrayList<>();
            for (AppProcess watcher : watchers) {
                read(watcher, "local", entity);
                Operation second = read(watcher, "local", entity);
                before.add(second.failed() ? Long.MAX_VALUE : second.version());
            }
            List<CompletableFuture<String>> watches = new ArrayList<>();
            for (int i = 0; i < watchers.size(); i++) {
                watches.add(before.get(i) == Long.MAX_VALUE ? null
                        : watchers.get(i).callAsync("GET", "/consistency/watch/" + entity + "?above=" + before.get(i)));
            }
            AppProcess.sleep(30); // the watches are reading before the write begins
            Operation write = write(writer, entity, 0);
            for (int i = 0; i < watchers.size(); i++) {
                if (watches.get(i) != null) {
                    recordWatch(writer, watchers.get(i), write, watches.get(i), entity);
                }
            }
            AppProcess.sleep(300 + random.nextInt(400));
        }
    }

    private void recordWatch(AppProcess writer, AppProcess watcher, Operation write, CompletableFuture<String> watch,
            String entity) {
        long start = System.nanoTime();
        try {
            String[] answer = watch.join().split("\\|", -1);
            if (!write.failed()) {
                boolean timedOut = answer[0].equals("timeout");
                propagations.add(new Propagation(writer.index, watcher.index, write.start(), write.confirmed(),
                        write.acknowledged(), timedOut ? System.nanoTime() : Long.parseLong(answer[0]), timedOut));
            }
        } catch (RuntimeException e) {
            operations.add(new Operation(watcher.index, Kind.READ, "watch", entity, start, System.nanoTime(), -1, null,
                    null, 0, false, "watch: " + rootMessage(e)));
        }
    }

    private Operation read(AppProcess process, String useCase, String entity) {
        long start = System.nanoTime();
        Operation op;
        try {
            String[] f = process.call("GET", "/consistency/read/" + useCase + "/" + entity).split("\\|", -1);
            op = new Operation(process.index, Kind.READ, useCase, entity, Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[0]), f[1].isEmpty() ? null : f[1], f[2], 0, false, null);
        } catch (RuntimeException e) {
            op = new Operation(process.index, Kind.READ, useCase, entity, start, System.nanoTime(), -1, null, null, 0,
                    false, rootMessage(e));
        }
        operations.add(op);
        return op;
    }

    private Operation write(AppProcess process, String entity, long bufferMillis) {
        String value = "p" + process.index + "-" + values.incrementAndGet();
        return writeOrDelete(process, Kind.WRITE, entity, value, "/consistency/write/" + entity + "?value=" + value
                + "&bufferMs=" + bufferMillis, bufferMillis);
    }

    private void delete(AppProcess process, String entity) {
        writeOrDelete(process, Kind.DELETE, entity, null, "/consistency/delete/" + entity, 0);
    }

    private Operation writeOrDelete(AppProcess process, Kind kind, String entity, String value, String path,
            long bufferMillis) {
        long start = System.nanoTime();
        Operation op;
        try {
            String[] f = process.call("POST", path).split("\\|", -1);
            long end = Long.parseLong(f[2]);
            boolean acknowledged = Boolean.parseBoolean(f[3]);
            op = new Operation(process.index, kind, null, entity, Long.parseLong(f[1]), end, Long.parseLong(f[0]),
                    value, null, bufferMillis, acknowledged, null, acknowledged ? Long.parseLong(f[4]) : end);
        } catch (RuntimeException e) {
            op = new Operation(process.index, kind, null, entity, start, System.nanoTime(), -1, value, null,
                    bufferMillis, false, rootMessage(e));
        }
        operations.add(op);
        return op;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }
}
