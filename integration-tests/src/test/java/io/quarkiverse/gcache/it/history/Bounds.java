package io.quarkiverse.gcache.it.history;

import java.time.Duration;

/**
 * What the checker holds GCache to.
 *
 * @param propagation how long after an invalidation returned another process's LOCAL tier may still serve the old
 *        version, counted in time that process ran (its pauses do not count)
 * @param beforeCrash how long before Redis is killed a write's watermark may be lost with it while a fill that began
 *        before the write is still running (that fill writes to the emptied Redis, where no watermark fences it)
 * @param hang the longest an operation may take, its process's pauses not counted
 */
record Bounds(Duration propagation, Duration beforeCrash, Duration hang) {

    /**
     * The bounds for processes run with {@code subscription-ping-interval} and {@code -timeout} as given: a
     * subscription that dies silently is noticed within their sum, a message is late by at most the injected latency,
     * and one second covers delivery and the scheduling of a loaded machine.
     */
    static Bounds forProcesses(Duration pingInterval, Duration pingTimeout, Duration maxLatency) {
        Duration propagation = pingInterval.plus(pingTimeout).plus(maxLatency).plusSeconds(1);
        return new Bounds(propagation, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
