package io.quarkiverse.gcache.runtime.scope;

import io.quarkiverse.gcache.GCacheScope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * Where the enable scope lives: a thread-local flag ({@code null} outside any scope). It follows asynchronous
 * work through MicroProfile Context Propagation ({@link GCacheScopeContextProvider}), which Mutiny applies to
 * every subscription, so a {@code Uni} subscribed inside a scope keeps it on whatever thread it completes.
 */
public final class Scopes {

    private static final ThreadLocal<Boolean> CURRENT = new ThreadLocal<>();

    private Scopes() {
    }

    /** Whether a scope enables caching here (ignoring the global switch). */
    public static boolean isEnabled() {
        return CURRENT.get() == Boolean.TRUE;
    }

    /** The raw state: {@code TRUE}, {@code FALSE} or {@code null} outside any scope. */
    static Boolean current() {
        return CURRENT.get();
    }

    /** Sets the state and returns the one it replaces. */
    static Boolean swap(Boolean state) {
        Boolean previous = CURRENT.get();
        if (state == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(state);
        }
        return previous;
    }

    /** Opens a scope on this thread; closing it restores the previous state. */
    public static GCacheScope open(boolean enabled) {
        return new Token(swap(enabled));
    }

    /** The same {@code Uni}, subscribed inside a scope, so that all it runs (on any thread) sees the scope. */
    public static <T> Uni<T> subscribeInScope(Uni<T> uni, boolean enabled) {
        return new AbstractUni<T>() {
            @Override
            public void subscribe(UniSubscriber<? super T> subscriber) {
                try (GCacheScope ignored = open(enabled)) {
                    AbstractUni.subscribe(uni, subscriber);
                }
            }
        };
    }

    private static final class Token implements GCacheScope {
        private final Boolean previous;
        private boolean closed;

        private Token(Boolean previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                swap(previous);
            }
        }
    }
}
