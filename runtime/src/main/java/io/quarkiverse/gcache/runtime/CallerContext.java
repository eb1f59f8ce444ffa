package io.quarkiverse.gcache.runtime;

import java.util.concurrent.Executor;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where a {@code Uni} or {@code CompletionStage} method runs when its call cannot run it on the calling thread
 * itself: uncached, the method is invoked by its caller, so a cached call must not invoke it on Redis's reply thread
 * or on a timer thread.
 */
final class CallerContext {

    private CallerContext() {
    }

    /**
     * The caller's context, captured on the calling thread: for a thread that may block, a worker (of its Vert.x
     * context if it has one); for an event-loop thread, its Vert.x context (at once when already on it);
     * {@code null} when there is nothing to go back to.
     */
    static Executor capture(boolean mayBlock) {
        Context context = Vertx.currentContext();
        if (mayBlock) {
            if (context == null) {
                return Infrastructure.getDefaultWorkerPool();
            }
            return task -> context.executeBlocking(() -> {
                task.run();
                return null;
            }, false);
        }
        if (context == null) {
            return null;
        }
        return task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }
}
