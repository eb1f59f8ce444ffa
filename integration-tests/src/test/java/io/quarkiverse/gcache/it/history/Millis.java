package io.quarkiverse.gcache.it.history;

/** Renders a time of the shared clock as seconds since the run began, to the millisecond, for reports. */
final class Millis {

    private static volatile long origin = System.nanoTime();

    private Millis() {
    }

    /** Times are shown from here on. */
    static void startAt(long nanos) {
        origin = nanos;
    }

    static String of(long nanos) {
        return String.format("%.3fs", (nanos - origin) / 1e9);
    }

    static String duration(long nanos) {
        return String.format("%.1fms", nanos / 1e6);
    }
}
