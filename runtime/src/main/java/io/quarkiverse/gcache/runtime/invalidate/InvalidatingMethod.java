package io.quarkiverse.gcache.runtime.invalidate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.smallrye.mutiny.Uni;

/**
 * What one {@code @GCacheInvalidate} method does once it has written: after it returned, after its {@code Uni}'s
 * item, after its stage completed normally, it invalidates each entity through {@link GCache#invalidateAsync}. A
 * failure, a {@code Uni}'s or a stage's, passes through untouched and invalidates nothing. An invalidation that fails
 * (no id, Redis down) is reported to {@link InvalidationFailures} and changes nothing for the caller.
 */
final class InvalidatingMethod {

    private final String name;
    private final ReturnKind returnKind;
    private final EntityInvalidation[] entities;
    private final GCache gcache;
    private final InvalidationFailures failures;
    private final BooleanSupplier blockingAllowed;

    InvalidatingMethod(String name, ReturnKind returnKind, EntityInvalidation[] entities, GCache gcache,
            InvalidationFailures failures, BooleanSupplier blockingAllowed) {
        this.name = name;
        this.returnKind = returnKind;
        this.entities = entities;
        this.gcache = gcache;
        this.failures = failures;
        this.blockingAllowed = blockingAllowed;
    }

    /** The method's result, returned as it is or, for a {@code Uni} or a stage, followed by the invalidation. */
    Object afterReturn(Object result, Object[] params) {
        return switch (returnKind) {
            case UNI -> result == null ? null : ((Uni<?>) result).call(() -> invalidations(params));
            case COMPLETION_STAGE -> result == null ? null : afterStage((CompletionStage<?>) result, params);
            case PLAIN -> {
                try {
                    invalidateNow(params);
                } catch (RuntimeException e) { // an interrupted wait: the result stands
                    failures.failed(name, entities[0], e);
                }
                yield result;
            }
        };
    }

    /**
     * Invalidates before the caller gets the result, so that its next read sees the write: waits for Redis where this
     * thread may block (at most {@code remote.timeout}), else (an event loop) lets REMOTE finish in the background;
     * this process's LOCAL entries are dropped at once either way.
     */
    private void invalidateNow(Object[] params) {
        Uni<Void> all = invalidations(params);
        if (blockingAllowed.getAsBoolean()) {
            all.await().indefinitely();
        } else {
            all.subscribe().with(x -> {
            }, x -> {
            });
        }
    }

    /**
     * A stage that completes as the method's does, after the invalidation when it completes normally; its failure is
     * passed on exactly as it was (not wrapped in a {@code CompletionException}).
     */
    private CompletableFuture<Object> afterStage(CompletionStage<?> stage, Object[] params) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            invalidations(params).subscribe().with(x -> done.complete(value), x -> done.complete(value));
        });
        return done;
    }

    /** Every entity's invalidation, together; it never fails. */
    private Uni<Void> invalidations(Object[] params) {
        List<Uni<Void>> each = new ArrayList<>(entities.length);
        for (EntityInvalidation entity : entities) {
            try {
                String id = entity.id(params);
                each.add(gcache.invalidateAsync(entity.keyType, id, entity.futureBuffer)
                        .onFailure().invoke(e -> failures.failed(name, entity, e))
                        .onFailure().recoverWithNull());
            } catch (RuntimeException e) {
                failures.failed(name, entity, e);
            }
        }
        if (each.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return each.size() == 1 ? each.get(0) : Uni.join().all(each).andCollectFailures().replaceWithVoid();
    }
}
