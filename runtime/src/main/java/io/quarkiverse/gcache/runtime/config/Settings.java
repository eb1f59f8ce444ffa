package io.quarkiverse.gcache.runtime.config;

/**
 * One immutable snapshot of GCache's dynamic configuration: the global switch and each use case's layer
 * settings, indexed by the use case's position. The hot path reads it through one volatile field and never
 * touches the config sources.
 */
public final class Settings {

    /** How long a follower waits for another caller's fill when a use case sets no deadline (SPEC §11). */
    public static final long DEFAULT_FALLBACK_TIMEOUT_NANOS = 60_000_000_000L;

    private final boolean enabled;
    private final UseCaseSettings[] useCases;
    private final long[] fallbackTimeoutNanos;
    /** Per use case: whether its fallback-timeout was set, and so also bounds its {@code Uni}/{@code CompletionStage} method. */
    private final boolean[] boundsMethod;

    /** Settings with the default deadline for every use case. */
    public Settings(boolean enabled, UseCaseSettings[] useCases) {
        this(enabled, useCases, defaultDeadlines(useCases.length));
    }

    /** Settings with these deadlines, none of them set by the application (they bound followers only). */
    public Settings(boolean enabled, UseCaseSettings[] useCases, long[] fallbackTimeoutNanos) {
        this(enabled, useCases, fallbackTimeoutNanos, new boolean[useCases.length]);
    }

    public Settings(boolean enabled, UseCaseSettings[] useCases, long[] fallbackTimeoutNanos, boolean[] boundsMethod) {
        this.enabled = enabled;
        this.useCases = useCases;
        this.fallbackTimeoutNanos = fallbackTimeoutNanos;
        this.boundsMethod = boundsMethod;
    }

    private static long[] defaultDeadlines(int count) {
        long[] deadlines = new long[count];
        java.util.Arrays.fill(deadlines, DEFAULT_FALLBACK_TIMEOUT_NANOS);
        return deadlines;
    }

    /** {@code quarkus.gcache.enabled}. */
    public boolean enabled() {
        return enabled;
    }

    /** The settings of the use case at {@code index}. */
    public UseCaseSettings useCase(int index) {
        return useCases[index];
    }

    /**
     * The use case's deadline ({@code fallback-timeout}): the longest a caller waits for another caller's fill before
     * it runs the method itself.
     */
    public long fallbackTimeoutNanos(int index) {
        return fallbackTimeoutNanos[index];
    }

    /**
     * How long a {@code Uni} or {@code CompletionStage} method of the use case may run before its call fails with
     * {@code GCacheFallbackTimeoutException}: its fallback-timeout when the application set one, else 0 (unbounded;
     * the 60s default only bounds how long followers wait).
     */
    public long methodTimeoutNanos(int index) {
        return boundsMethod[index] ? fallbackTimeoutNanos[index] : 0;
    }

    /**
     * Whether going from this snapshot to {@code now} switches use case {@code index}'s LOCAL tier off, so that it is
     * emptied: the global switch (which also stops a LOCAL tier a {@code GCacheConfigProvider} turns on per call), or
     * the use case's own LOCAL settings.
     */
    public boolean localSwitchedOff(Settings now, int index) {
        return this != now && (enabled && !now.enabled || localServes(index) && !now.localServes(index));
    }

    /** Whether this snapshot lets the use case's LOCAL tier serve at all (a ramp above 0 serves some calls). */
    private boolean localServes(int index) {
        return enabled && useCases[index].local().isOn();
    }
}
