package io.quarkiverse.gcache.runtime;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.quarkiverse.gcache.GCacheFallbackTimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The fallback-timeout of a cached {@code Uni} or {@code CompletionStage} method (SPEC §11): once the method's
 * {@code Uni} (or stage) has run that long since it was subscribed, the call fails with
 * {@link GCacheFallbackTimeoutException} and the method's subscription is cancelled, so a result that comes later
 * reaches nobody and is neither written to REMOTE nor kept in LOCAL. Only a use case that sets a fallback-timeout is
 * bounded ({@code Settings#methodTimeoutNanos}): the 60s default bounds followers, not the method, so a slow method
 * of a use case that asked for nothing fails as it would uncached (only with its own result or exception).
 */
final class MethodDeadline {

    private MethodDeadline() {
    }

    /**
     * {@code method}, bounded by {@code timeoutNanos} ({@code 0}: not bounded, {@code method} itself). The failure is
     * raised on the deadline timer and delivered on {@code caller} (a worker when {@code null}): the caller's
     * continuation never runs on the timer thread.
     */
    static Supplier<Uni<Object>> bound(UseCase uc, long timeoutNanos, Executor caller, Supplier<Uni<Object>> method) {
        if (timeoutNanos <= 0) {
            return method;
        }
        Duration timeout = Duration.ofNanos(timeoutNanos);
        Executor hop = caller != null ? caller : Infrastructure.getDefaultWorkerPool();
        return () -> method.get()
                .ifNoItem().after(timeout).on(DeadlineTimer.TIMER)
                .failWith(() -> new GCacheFallbackTimeoutException(uc.name(), timeout))
                .onFailure(GCacheFallbackTimeoutException.class)
                .recoverWithUni(e -> Uni.createFrom().failure(e).runSubscriptionOn(hop));
    }
}
