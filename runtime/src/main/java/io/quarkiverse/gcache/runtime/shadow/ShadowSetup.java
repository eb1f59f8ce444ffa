package io.quarkiverse.gcache.runtime.shadow;

import java.util.concurrent.Executor;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.GCacheShadowComparator;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What shadow validation runs with, decided at start (SPEC §12).
 *
 * @param maxInFlight {@code quarkus.gcache.shadow.max-in-flight}: the most checks at once in this process
 * @param comparators each use case's {@link GCacheShadowComparator}, or {@code null} for the default equality
 * @param mapper the application's Jackson mapper: JSON trees for equality, JSON for the mismatch log
 * @param workers where checks run (never a caller's thread); {@code null}: Mutiny's (Quarkus's) worker pool
 */
public record ShadowSetup(int maxInFlight, Function<UseCaseSpec, GCacheShadowComparator<Object>> comparators,
        ObjectMapper mapper, Executor workers) {

    /** The defaults: 2 checks at once, no comparators, a plain mapper, the worker pool. */
    public static ShadowSetup defaults() {
        return new ShadowSetup(2, spec -> null, new ObjectMapper(), null);
    }

    /** The executor checks run on. */
    Executor executor() {
        return workers != null ? workers : Infrastructure.getDefaultWorkerPool();
    }
}
