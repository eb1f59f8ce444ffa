package io.quarkiverse.gcache.runtime;

import java.util.function.Supplier;

import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * The flights an asynchronous call runs inside of, carried in the Mutiny context of the method's subscription: a
 * {@code Uni} method that calls itself for the same key (a retry) subscribes the inner call inside the outer one,
 * and waiting for the outer fill there would wait forever. Such a call runs uncached instead. A
 * {@code CompletionStage} has no context: the flights whose method this thread is invoking right now are kept
 * beside it, so that a stage method that calls itself while it runs (a retry, on the same thread) is noticed too.
 */
final class FlightChain {

    private static final String KEY = "io.quarkiverse.gcache.flights";
    /** The flights whose method is being invoked on this thread, innermost first. */
    private static final ThreadLocal<FlightChain> INVOKING = new ThreadLocal<>();

    private final Flight fill;
    private final FlightChain outer;

    private FlightChain(Flight fill, FlightChain outer) {
        this.fill = fill;
        this.outer = outer;
    }

    /** Whether a subscription with this context, or a call on this thread, runs inside {@code fill}'s method. */
    static boolean inside(Context context, Flight fill) {
        for (FlightChain c = INVOKING.get(); c != null; c = c.outer) {
            if (c.fill == fill) {
                return true;
            }
        }
        if (context == null || !context.contains(KEY)) {
            return false;
        }
        for (FlightChain c = context.get(KEY); c != null; c = c.outer) {
            if (c.fill == fill) {
                return true;
            }
        }
        return false;
    }

    /**
     * The method's {@code Uni}, subscribed with its subscriber's context plus {@code fill}. The context is a copy: what
     * the method writes into it does not reach the caller's.
     */
    static Uni<Object> within(Supplier<Uni<Object>> method, Flight fill) {
        return new AbstractUni<>() {
            @Override
            public void subscribe(UniSubscriber<? super Object> downstream) {
                Context outer = downstream.context();
                Context context = Context.empty();
                for (String key : outer.keys()) {
                    context.put(key, outer.get(key));
                }
                context.put(KEY, new FlightChain(fill, outer.contains(KEY) ? outer.get(KEY) : null));
                Uni<Object> uni;
                FlightChain invoking = INVOKING.get();
                INVOKING.set(new FlightChain(fill, invoking));
                try {
                    uni = method.get();
                } catch (Throwable t) {
                    uni = Uni.createFrom().failure(t);
                } finally {
                    if (invoking == null) {
                        INVOKING.remove();
                    } else {
                        INVOKING.set(invoking);
                    }
                }
                AbstractUni.subscribe(uni, new UniSubscriber<Object>() {
                    @Override
                    public Context context() {
                        return context;
                    }

                    @Override
                    public void onSubscribe(UniSubscription subscription) {
                        downstream.onSubscribe(subscription);
                    }

                    @Override
                    public void onItem(Object item) {
                        downstream.onItem(item);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        downstream.onFailure(failure);
                    }
                });
            }
        };
    }
}
