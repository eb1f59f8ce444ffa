package io.quarkiverse.gcache.it.history;

/**
 * One fault the harness injected, from when it began to when it was over (the harness's clock, the shared one).
 *
 * @param kind what was done
 * @param process the application process it hit, or -1 for all (a Redis fault)
 * @param start when it began
 * @param end when it was over (Redis answering again, the process continued, the proxy forwarding again)
 * @param detail e.g. the node or the latency
 */
record Fault(Kind kind, int process, long start, long end, String detail) {

    enum Kind {
        /** SIGKILL of a Redis (a node, in a cluster), then a restart on the same port: it comes back empty. */
        REDIS_KILL,
        /** SIGSTOP of a Redis (a node), then SIGCONT. */
        REDIS_PAUSE,
        /** {@code CLIENT KILL TYPE pubsub} on every Redis (node): every subscription is cut. */
        PUBSUB_KILL,
        /** SIGSTOP of an application process, then SIGCONT. */
        APP_PAUSE,
        /** Latency, each way, between process 0 and Redis (through the TCP proxy). */
        PROXY_LATENCY,
        /** Partition between process 0 and Redis: the proxy goes silent (nothing passes, nothing is closed). */
        PROXY_BLACKHOLE
    }

    @Override
    public String toString() {
        return kind + (process >= 0 ? " p" + process : "") + (detail.isEmpty() ? "" : " " + detail) + " ["
                + Millis.of(start) + " .. " + Millis.of(end) + "]";
    }
}
