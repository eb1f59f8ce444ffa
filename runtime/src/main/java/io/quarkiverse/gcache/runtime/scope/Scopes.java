package io.quarkiverse.gcache.runtime.scope;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.runtime.tier.RequestMemo;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where the enable scope lives. Each open scope is a {@link Token} on a per-thread chain; the innermost token that is
 * not closed says whether caching is on ({@code null} outside any scope).
 * <p>
 * A close marks its own token closed and nothing else, so closing out of order, or on another thread than the one
 * that opened the scope, never leaves another scope's state behind: the opening thread skips closed tokens when it
 * reads the state, and drops them from its chain at its next open or close. Either misuse is logged once.
 * <p>
 * The chain follows asynchronous work in two ways. MicroProfile Context Propagation ({@link GCacheScopeContextProvider})
 * carries the state to where a {@code Uni} continues or a managed executor runs a task. And a scope opened on a
 * Vert.x duplicated context (a request's) is also recorded in that context, so code the request runs on the same
 * context from another thread ({@code Vertx.currentContext().executeBlocking(...)}) sees it while the scope is open.
 * <p>
 * The outermost enable scope owns a {@link RequestMemo} (the REQUEST_LOCAL tier's storage): every scope opened inside
 * it, and every copy carried to asynchronous work, refers to that one memo; nothing else does, so it goes when the
 * scope and its work are done.
 */
public final class Scopes {

    private static final Logger LOG = Logger.getLogger(Scopes.class);
    private static final ThreadLocal<Token> CURRENT = new ThreadLocal<>();
    /** The key of the innermost token in a duplicated context's local data. */
    private static final String CONTEXT_KEY = "io.quarkiverse.gcache.scope";
    private static final AtomicBoolean OUT_OF_ORDER_SAID = new AtomicBoolean();
    private static final AtomicBoolean OTHER_THREAD_SAID = new AtomicBoolean();

    private Scopes() {
    }

    /** Whether a scope enables caching here (ignoring the global switch). */
    public static boolean isEnabled() {
        return current() == Boolean.TRUE;
    }

    /** The state in force: {@code TRUE}, {@code FALSE} or {@code null} outside any scope. */
    static Boolean current() {
        Token top = CURRENT.get();
        if (top == null) {
            top = contextToken(); // only outside any scope of this thread: the enabled hot path never asks Vert.x
        }
        return stateOf(top);
    }

    /**
     * The memo of the enable scope in force here, or {@code null} when caching is not enabled by a scope (a
     * {@code disable()} inside bypasses it).
     */
    public static RequestMemo memo() {
        Token top = CURRENT.get();
        if (top == null) {
            top = contextToken();
        }
        Token open = openOnly(top);
        return open == null || open.state != Boolean.TRUE ? null : open.memo;
    }

    /** Opens a scope on this thread; closing it restores the state that was in force before it. */
    public static GCacheScope open(boolean enabled) {
        return open(enabled, null);
    }

    /**
     * Opens a scope that shares {@code memo} when it is the outermost (the subscription of a {@code Uni} that a scope
     * returned belongs to that scope's request); inside another scope it shares that one's, as every nested scope.
     */
    private static GCacheScope open(boolean enabled, RequestMemo memo) {
        Token below = CURRENT.get();
        if (below == null) {
            below = contextToken();
        }
        below = openOnly(below);
        Context context = duplicatedContext();
        RequestMemo shared = below != null && below.memo != null ? below.memo
                : memo != null ? memo : enabled ? new RequestMemo() : null;
        Token token = new Token(enabled, below, Thread.currentThread(), context, shared);
        CURRENT.set(token);
        if (context != null) {
            context.putLocal(CONTEXT_KEY, token);
        }
        return token;
    }

    /**
     * The same {@code Uni}, subscribed inside a scope like {@code opened} (the scope the {@code Uni} was made in, by
     * {@link #open}), so that all it runs (on any thread) sees the scope and shares its memo.
     */
    public static <T> Uni<T> subscribeInScope(Uni<T> uni, GCacheScope opened) {
        Token made = (Token) opened;
        boolean enabled = made.state;
        RequestMemo memo = made.memo;
        return new AbstractUni<T>() {
            @Override
            public void subscribe(UniSubscriber<? super T> subscriber) {
                try (GCacheScope ignored = open(enabled, memo)) {
                    AbstractUni.subscribe(uni, subscriber);
                }
            }
        };
    }

    /** The open token in force here (its state and memo are what is propagated), or {@code null}. */
    static Token captured() {
        Token top = CURRENT.get();
        if (top == null) {
            top = contextToken();
        }
        return openOnly(top);
    }

    /**
     * Puts a propagated state in force on this thread ({@code null}: none) and returns what it replaced, for
     * {@link #restore}. The propagated state is a copy: closing the scope it was captured from does not change it.
     * The memo is the same: the work a scope started belongs to its request.
     */
    static Token enter(Boolean state, RequestMemo memo) {
        Token previous = CURRENT.get();
        set(state == null ? null : new Token(state, null, Thread.currentThread(), null, memo));
        return previous;
    }

    /** Puts back what {@link #enter} replaced. */
    static void restore(Token previous) {
        set(previous);
    }

    private static void set(Token token) {
        if (token == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(token);
        }
    }

    private static Boolean stateOf(Token token) {
        Token open = openOnly(token);
        return open == null ? null : open.state;
    }

    /** {@code token}, or the first token below it that is still open. */
    private static Token openOnly(Token token) {
        while (token != null && token.closed) {
            token = token.below;
        }
        return token;
    }

    private static Context duplicatedContext() {
        Context context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) ? context : null;
    }

    private static Token contextToken() {
        Context context = duplicatedContext();
        return context == null ? null : context.getLocal(CONTEXT_KEY);
    }

    static final class Token implements GCacheScope {
        final Boolean state;
        final Token below;
        private final Thread owner;
        private final Context context;
        /** The outermost enable scope's memo ({@code null} in a disable scope outside any enable scope). */
        final RequestMemo memo;
        volatile boolean closed;

        private Token(Boolean state, Token below, Thread owner, Context context, RequestMemo memo) {
            this.state = state;
            this.below = below;
            this.owner = owner;
            this.context = context;
            this.memo = memo;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true; // every reader skips it from now on, on any thread
            if (Thread.currentThread() != owner) {
                if (OTHER_THREAD_SAID.compareAndSet(false, true)) {
                    LOG.warn("A GCacheScope was closed on another thread than the one that opened it; GCache ended "
                            + "that scope only. Close a scope where it was opened (try-with-resources). Said once.",
                            new IllegalStateException("closed here"));
                }
                return;
            }
            Token top = CURRENT.get();
            if (top != this && OUT_OF_ORDER_SAID.compareAndSet(false, true)) {
                LOG.warn("A GCacheScope was closed out of order, while a scope opened after it was still open; "
                        + "GCache ended the outer scope only and the inner one stays in force until closed. Close "
                        + "scopes in the reverse order of opening (try-with-resources). Said once.",
                        new IllegalStateException("closed here"));
            }
            Token restored = openOnly(top);
            // A thread keeps only its own tokens: one below that came from the Vert.x context belongs to the request's
            // thread, and is read from the context while it is current, never kept on this pooled thread.
            set(restored != null && restored.owner == owner ? restored : null);
            if (context != null && context.getLocal(CONTEXT_KEY) == this) {
                Token open = openOnly(below);
                if (open == null) {
                    context.removeLocal(CONTEXT_KEY);
                } else {
                    context.putLocal(CONTEXT_KEY, open);
                }
            }
        }
    }
}
