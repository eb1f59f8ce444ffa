package io.quarkiverse.gcache.runtime.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.GCacheScope;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * The scope on a real Vert.x: a request's scope is seen by its blocking work on a worker thread, and a scope that
 * work opens and closes there never leaves the request's scope on that pooled worker for unrelated tasks.
 */
class ScopesOnVertxTest {

    private final Vertx vertx = Vertx.vertx();
    /** One worker thread, so that the unrelated task is known to run where the request's blocking work ran. */
    private final WorkerExecutor oneWorker = vertx.createSharedWorkerExecutor("gcache-scopes-test", 1);

    @AfterEach
    void close() throws Exception {
        oneWorker.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNestedScopeOnAWorkerDoesNotLeaveTheRequestsScopeThere() throws Exception {
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<GCacheScope> requestScope = new CompletableFuture<>();
        CompletableFuture<Boolean> onWorkerAfterItsOwnScope = new CompletableFuture<>();
        // STEP 1: the request opens an enable scope and runs blocking work that opens and closes disable()
        request.runOnContext(v -> {
            GCacheScope scope = Scopes.open(true);
            requestScope.complete(scope);
            oneWorker.<Boolean> executeBlocking(() -> {
                try (GCacheScope inner = Scopes.open(false)) {
                    assertThat(Scopes.isEnabled()).isFalse();
                }
                return Scopes.isEnabled();
            }, false).onComplete(r -> onWorkerAfterItsOwnScope.complete(r.result()));
        });
        assertThat(onWorkerAfterItsOwnScope.get(10, TimeUnit.SECONDS))
                .as("the request's scope, read from its context, after the worker's own scope closed").isTrue();

        // STEP 2: while the request's scope is still open, an unrelated task on the same worker thread
        boolean unrelated = oneWorker.<Boolean> executeBlocking(Scopes::isEnabled, false)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(unrelated).as("an unrelated task on the pooled worker").isFalse();

        // STEP 3: the request closes its scope on its own thread; its context carries no scope any more
        CompletableFuture<Boolean> afterClose = new CompletableFuture<>();
        request.runOnContext(v -> {
            requestScope.join().close();
            afterClose.complete(Scopes.isEnabled());
        });
        assertThat(afterClose.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
