package io.quarkiverse.gcache;

import java.time.Duration;

import io.quarkiverse.gcache.runtime.config.Durations;

/**
 * A cached {@code Uni} or {@code CompletionStage} method ran longer than its use case's {@code fallbackTimeout}
 * (SPEC §11): its caller, and every caller that followed the same fill, gets this instead of the result, and a result
 * that comes later is not cached. Only a use case that sets a fallback-timeout (on {@link GCached#fallbackTimeout()}
 * or in {@code quarkus.gcache.use-case."X".fallback-timeout}) bounds its method; a call outside an enable scope is
 * never bounded.
 */
public class GCacheFallbackTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String useCase;
    private final Duration timeout;

    public GCacheFallbackTimeoutException(String useCase, Duration timeout) {
        super("Use case " + useCase + ": the method did not complete within its fallback-timeout of "
                + Durations.format(timeout) + "; a result that comes later is not cached");
        this.useCase = useCase;
        this.timeout = timeout;
    }

    /** The use case whose method ran too long. */
    public String getUseCase() {
        return useCase;
    }

    /** The fallback-timeout it ran past. */
    public Duration getTimeout() {
        return timeout;
    }
}
