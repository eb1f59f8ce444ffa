package io.quarkiverse.gcache.it.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkiverse.gcache.it.history.Operation.Kind;

/**
 * Checks a {@link History} against GCache's staleness rule (SPEC §4, §5, §9). A write <em>returned</em> when its
 * invalidation did; it is <em>acknowledged</em> when its process saw the entity's watermark rise across the
 * invalidation and Redis was not killed just after ({@link Bounds#beforeCrash()}). GCache fails open: an invalidation
 * Redis did not take is logged, not thrown, so an unacknowledged write promises nothing about REMOTE, and an
 * acknowledged one is <em>in force</em> from when its process saw the watermark risen ({@link Operation#confirmed}),
 * not from its return: an invalidation that timed out in GCache returns while Redis may still run it. The rules:
 * <ul>
 * <li>(a) REMOTE at once: a read that filled for itself (its own REMOTE hit or method call) and started after an
 * acknowledged write of its entity was in force never sees a version older than that write's.</li>
 * <li>(b) LOCAL within the bound: a read served by LOCAL (or by a fill it shared) sees no version older than an
 * acknowledged write that returned in its own process before it started, nor than one in force in another
 * process more than {@link Bounds#propagation()} before it started, counting only time its process ran. The
 * propagation measurements are held to the same bound.</li>
 * <li>(c) After a lost subscription or a pause: a (b) violation in a process whose subscription was cut, or which
 * was paused, between the write and the read is reported as (c): it served an entry it may have missed.</li>
 * <li>(d) No call failed or hung: every operation answered, within {@link Bounds#hang()} of its process's running
 * time.</li>
 * <li>(e) Every value read or written is one the store held: its {@code version|value} is in the store's history.</li>
 * </ul>
 * Pure: it reads the history and returns a {@link Verdict}.
 */
final class HistoryChecker {

    private final History history;
    private final Bounds bounds;
    private final List<Violation> violations = new ArrayList<>();
    /** Per entity, the writes that answered, by version. */
    private final Map<String, List<Operation>> writesByEntity = new HashMap<>();
    private final Exempt olderThanUnacknowledged = new Exempt();
    private final List<Propagation> heldToBound = new ArrayList<>();

    private HistoryChecker(History history, Bounds bounds) {
        this.history = history;
        this.bounds = bounds;
    }

    static Verdict check(History history, Bounds bounds) {
        return new HistoryChecker(history, bounds).run();
    }

    private Verdict run() {
        for (Operation op : history.operations()) {
            if (op.isWrite() && !op.failed()) {
                writesByEntity.computeIfAbsent(op.entity(), e -> new ArrayList<>()).add(op);
            }
        }
        writesByEntity.values().forEach(writes -> writes.sort(Comparator.comparingLong(Operation::version)));
        olderThanUnacknowledged.acknowledgedWrites = writesByEntity.values().stream().flatMap(List::stream)
                .filter(this::acknowledged).count();
        for (Operation op : history.operations()) {
            checkAnswered(op);
            if (op.failed()) {
                continue;
            }
            checkStoreHeld(op);
            if (op.kind() == Kind.READ) {
                checkNotStale(op);
            }
        }
        for (Propagation p : history.propagations()) {
            checkPropagation(p);
        }
        return new Verdict(history, bounds, violations, olderThanUnacknowledged, heldToBound);
    }

    /** (d) */
    private void checkAnswered(Operation op) {
        if (op.failed()) {
            violations.add(new Violation("(d) failed", op.toString(), op.error()));
            return;
        }
        long running = op.end() - op.start() - pausedNanos(op.process(), op.start(), op.end());
        if (running > bounds.hang().toNanos()) {
            violations.add(new Violation("(d) hung", op.toString(), "took " + Millis.duration(running)
                    + " of its process's running time; the bound is " + bounds.hang().toMillis() + "ms"));
        }
    }

    /** (e) */
    private void checkStoreHeld(Operation op) {
        if (op.kind() == Kind.READ && op.version() == 0 && op.value() == null) {
            return; // never written yet
        }
        String held = op.version() + "|" + (op.value() == null ? "" : op.value());
        Set<String> values = history.storeValues().get(op.entity());
        if (values == null || !values.contains(held)) {
            violations.add(new Violation("(e) unknown value", op.toString(),
                    "the store never held " + held + " for " + op.entity()));
        }
    }

    /** (a), (b), (c) */
    private void checkNotStale(Operation read) {
        List<Operation> writes = writesByEntity.getOrDefault(read.entity(), List.of());
        Operation olderThan = null;
        for (int i = firstAbove(writes, read.version()); i < writes.size(); i++) {
            Operation write = writes.get(i);
            if (write.start() - read.start() > 0) {
                break; // it and every later version were bumped after the read started
            }
            if (heldFrom(write, read) - read.start() >= 0) {
                continue; // still running (or not yet in force) when the read started: either version is right
            }
            if (!acknowledged(write)) {
                olderThan = olderThan == null || write.end() - olderThan.end() < 0 ? write : olderThan;
                continue;
            }
            Violation violation = staleness(read, write);
            if (violation != null) {
                violations.add(violation);
                return;
            }
        }
        if (olderThan != null) {
            olderThanUnacknowledged.add(read.start() - olderThan.end());
        }
    }

    /**
     * From when a read is held to a write: when the write returned for a reused read of the writing process (its LOCAL
     * entries are dropped before the invalidation goes to Redis); else when its process saw the watermark risen
     * ({@link Operation#confirmed}): an invalidation that timed out in GCache returns (fail open) and may take effect
     * in Redis, and reach the other processes, only later.
     */
    private static long heldFrom(Operation write, Operation read) {
        return !read.fresh() && read.process() == write.process() ? write.end() : write.confirmed();
    }

    private Violation staleness(Operation read, Operation write) {
        long from = heldFrom(write, read);
        String held = from == write.end() ? " had returned " : " had returned; its watermark was seen risen ";
        String saw = "read v" + read.version() + " but " + write + held + Millis.duration(read.start() - from)
                + " before it started";
        if (read.fresh()) {
            return new Violation("(a) REMOTE stale", read.toString(), saw);
        }
        if (write.process() == read.process()) {
            return new Violation("(b) LOCAL stale in the invalidating process", read.toString(), saw);
        }
        long paused = pausedNanos(read.process(), from, read.start());
        long allowed = bounds.propagation().toNanos() + paused;
        if (read.start() - from <= allowed) {
            return null;
        }
        String rule = subscriptionOrProcessHit(read.process(), from, read.start())
                ? "(c) LOCAL stale after a lost subscription or a pause"
                : "(b) LOCAL stale past the propagation bound";
        return new Violation(rule, read.toString(), saw + "; allowed " + Millis.duration(allowed)
                + (paused > 0 ? " (its process was paused " + Millis.duration(paused) + ")" : ""));
    }

    private void checkPropagation(Propagation p) {
        Operation write = new Operation(p.writer(), Kind.WRITE, null, "probe", p.writeStart(), p.writeEnd(), 0, null,
                null, 0, p.acknowledged(), null);
        if (!acknowledged(write)) {
            return;
        }
        heldToBound.add(p);
        long allowed = bounds.propagation().toNanos() + pausedNanos(p.watcher(), p.writeEnd(), p.seenAt());
        if (p.timedOut() || p.lagNanos() > allowed) {
            violations.add(new Violation("(b) propagation past the bound", "p" + p.watcher() + " watching a write of p"
                    + p.writer() + " returned at " + Millis.of(p.writeEnd()),
                    (p.timedOut() ? "never saw it" : "saw it after " + Millis.duration(p.lagNanos()))
                            + "; allowed " + Millis.duration(allowed)));
        }
    }

    /**
     * Whether REMOTE must honour the write: its process saw the entity's watermark rise across the invalidation, and
     * Redis was not killed while it ran or shortly after ({@link Bounds#beforeCrash()}), which would have lost the
     * watermark while a fill older than it could still write to the emptied Redis.
     */
    private boolean acknowledged(Operation write) {
        if (!write.acknowledged()) {
            return false;
        }
        for (Fault f : history.faults()) {
            if (f.kind() == Fault.Kind.REDIS_KILL && write.start() - f.end() < 0
                    && write.end() - (f.start() - bounds.beforeCrash().toNanos()) > 0) {
                return false;
            }
        }
        return true;
    }

    private boolean subscriptionOrProcessHit(int process, long from, long to) {
        for (Fault f : history.faults()) {
            boolean hits = switch (f.kind()) {
                case PUBSUB_KILL, REDIS_KILL, REDIS_PAUSE -> true;
                case APP_PAUSE, PROXY_BLACKHOLE, PROXY_LATENCY -> f.process() == process;
            };
            if (hits && f.start() - to < 0 && f.end() - from > 0) {
                return true;
            }
        }
        return false;
    }

    /** How long {@code process} was paused between {@code from} and {@code to}. */
    private long pausedNanos(int process, long from, long to) {
        long paused = 0;
        for (Fault f : history.faults()) {
            if (f.kind() == Fault.Kind.APP_PAUSE && f.process() == process) {
                long overlap = Math.min(to, f.end()) - Math.max(from, f.start());
                paused += Math.max(0, overlap);
            }
        }
        return paused;
    }

    private static int firstAbove(List<Operation> writes, long version) {
        int low = 0;
        int high = writes.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (writes.get(mid).version() <= version) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The reads older than an unacknowledged write: how many, and the longest time from such a write's return to such
     * a read (how long a lost invalidation went on showing); and how many writes were acknowledged.
     */
    static final class Exempt {
        private int count;
        private long longest;
        private long acknowledgedWrites;

        void add(long sinceWriteNanos) {
            count++;
            longest = Math.max(longest, sinceWriteNanos);
        }

        int count() {
            return count;
        }

        long longest() {
            return longest;
        }

        long acknowledgedWrites() {
            return acknowledgedWrites;
        }
    }

    /** What the checker found, and the figures of the run. */
    record Verdict(History history, Bounds bounds, List<Violation> violations, Exempt olderThanUnacknowledged,
            List<Propagation> heldToBound) {

        boolean passed() {
            return violations.isEmpty();
        }

        long staleReads() {
            return violations.stream().filter(Violation::isStaleRead).count();
        }

        String report() {
            List<Operation> ops = history.operations();
            long reads = ops.stream().filter(o -> o.kind() == Kind.READ).count();
            long method = ops.stream().filter(o -> "method".equals(o.source())).count();
            long remote = ops.stream().filter(o -> "remote".equals(o.source())).count();
            long writes = ops.stream().filter(o -> o.kind() == Kind.WRITE).count();
            long deletes = ops.stream().filter(o -> o.kind() == Kind.DELETE).count();
            Map<Fault.Kind, Integer> faults = new EnumMap<>(Fault.Kind.class);
            history.faults().forEach(f -> faults.merge(f.kind(), 1, Integer::sum));
            StringBuilder out = new StringBuilder();
            out.append(ops.size()).append(" operations, ").append(history.faults().size()).append(" faults, ")
                    .append(staleReads()).append(" stale reads\n");
            out.append("  operations: ").append(reads).append(" reads (filled for themselves: ").append(method)
                    .append(" by the method, ").append(remote).append(" by REMOTE; ").append(reads - method - remote)
                    .append(" from LOCAL or a shared fill), ").append(writes).append(" writes, ").append(deletes)
                    .append(" deletes\n");
            out.append("  faults: ").append(faults).append('\n');
            out.append("  propagation (from the write's start to the first read of the new version; bound ")
                    .append(bounds.propagation().toMillis()).append("ms after the invalidation returned): ")
                    .append(propagationFigures(history.propagations(), "all")).append("; ")
                    .append(propagationFigures(heldToBound, "acknowledged writes")).append("; ")
                    .append(propagationFigures(quiet(), "without a fault")).append('\n');
            long answered = ops.stream().filter(o -> o.isWrite() && !o.failed()).count();
            out.append("  writes held to the rule (their watermark was seen to rise): ")
                    .append(olderThanUnacknowledged.acknowledgedWrites()).append(" of ").append(answered).append('\n');
            out.append("  reads older than an unacknowledged write (not held to the rule): ")
                    .append(olderThanUnacknowledged.count());
            if (olderThanUnacknowledged.count() > 0) {
                out.append(", up to ").append(Millis.duration(olderThanUnacknowledged.longest()))
                        .append(" after that write");
            }
            out.append('\n');
            history.notes().forEach(note -> out.append("  ").append(note).append('\n'));
            out.append("  violations: ").append(violations.size()).append('\n');
            violations.stream().limit(50).forEach(v -> out.append("    ").append(v).append('\n'));
            if (violations.size() > 50) {
                out.append("    ... and ").append(violations.size() - 50).append(" more\n");
            }
            return out.toString();
        }

        private List<Propagation> quiet() {
            return history.propagations().stream().filter(p -> history.faults().stream()
                    .noneMatch(f -> f.start() - p.seenAt() < 0 && f.end() - p.writeStart() > 0)).toList();
        }

        static String propagationFigures(List<Propagation> samples, String which) {
            if (samples.isEmpty()) {
                return which + ": no samples";
            }
            long[] lags = samples.stream().mapToLong(Propagation::sinceWriteStartNanos).sorted().toArray();
            return String.format("%s (%d): p50 %.1fms, p99 %.1fms, max %.1fms", which, lags.length,
                    lags[(lags.length - 1) / 2] / 1e6, lags[(int) Math.ceil(lags.length * 0.99) - 1] / 1e6,
                    lags[lags.length - 1] / 1e6);
        }
    }
}
