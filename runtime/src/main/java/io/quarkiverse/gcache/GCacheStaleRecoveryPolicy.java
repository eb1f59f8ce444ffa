package io.quarkiverse.gcache;

/**
 * Decides which failures of a cached method may be answered with a stale REMOTE value (SPEC §13, stale on error).
 * A bean of this type replaces {@code quarkus.gcache.use-case."X".stale-on-error.on} for every use case that has a
 * {@code stale-on-error.max-age}; it is asked only when the method failed and such a use case's read found an entry
 * past its TTL or none. Accept transient infrastructure failures (timeouts, a database that is down); deny
 * authoritative answers (not found, permission denied, validation), which a stale value would hide.
 * <p>
 * It must be fast and must not throw: a policy that throws denies recovery (logged), and the method's own exception
 * propagates.
 */
@FunctionalInterface
public interface GCacheStaleRecoveryPolicy {

    /**
     * @param useCase the use case of the call
     * @param failure what the method threw (or its {@code Uni} / {@code CompletionStage} failed with)
     * @return whether a kept value younger than the use case's max-age may be returned instead
     */
    boolean recover(String useCase, Throwable failure);
}
