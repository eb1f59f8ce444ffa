package io.quarkiverse.gcache.it.history;

/**
 * One measurement of how long an invalidation took to reach another process's LOCAL tier: {@code watcher} read the
 * entity through LOCAL in a loop, from before {@code writer} wrote it until it saw the new version.
 *
 * @param writer the process that wrote and invalidated
 * @param watcher the process whose LOCAL tier held the old version
 * @param writeStart when the write began
 * @param writeEnd when its invalidation was in force: returned, and for an acknowledged write the watermark seen
 *        risen ({@link Operation#confirmed})
 * @param acknowledged whether the writer saw the watermark rise
 * @param seenAt when the watcher first read the new version; {@code timedOut} if it never did in the watch's time
 * @param timedOut whether the watch gave up
 */
record Propagation(int writer, int watcher, long writeStart, long writeEnd, boolean acknowledged, long seenAt,
        boolean timedOut) {

    /** How long after the invalidation returned the watcher still served the old version (0 if it was quicker). */
    long lagNanos() {
        return Math.max(0, seenAt - writeEnd);
    }

    /** From the write's start (store bump, invalidation, delivery) to the first read of the new version. */
    long sinceWriteStartNanos() {
        return Math.max(0, seenAt - writeStart);
    }
}
