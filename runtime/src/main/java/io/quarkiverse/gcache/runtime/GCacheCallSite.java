package io.quarkiverse.gcache.runtime;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;

/**
 * Where one use case enters the cache. The build moves a {@code @GCached} method's body to a synthetic
 * {@code <name>$gcache$<declaring class>} method (a name no subclass overrides), makes the method itself (or, in a bean
 * class that inherits it, an override) hand its parameters to its call site, and generates one subclass of this class
 * per use case, that is per bean class and method, whose {@link #proceed} runs that body. Unlike an {@code @AroundInvoke}
 * interceptor this costs no invocation context, no copy of the parameters and no lookup of the method: a LOCAL hit
 * allocates at most the parameter array, which the JIT removes where the whole hit is inlined.
 * <p>
 * The site knows its use case by name; the recorder binds it to the engine at start-up and unbinds it at shutdown.
 * A call before the recorder binds it binds it to the running application's engine; without a running container
 * (or after shutdown) the method runs uncached.
 */
public abstract class GCacheCallSite implements Invoker<Object> {

    private final String useCase;
    private volatile Binding bound;

    /** The engine and this site's use case in it, read together. */
    private record Binding(GCacheEngine engine, UseCase useCase) {
    }

    protected GCacheCallSite(String useCase) {
        this.useCase = useCase;
    }

    /** A call of a method that returns its value. */
    public final Object call(Object target, Object[] params) throws Exception {
        Binding b = binding();
        return b == null ? proceed(target, params) : b.engine.call(b.useCase, params, target, this);
    }

    /** A call of a method that returns a {@code Uni}. */
    public final Object callUni(Object target, Object[] params) throws Exception {
        Binding b = binding();
        return b == null ? proceed(target, params) : b.engine.callUni(b.useCase, params, target, this);
    }

    /** A call of a method that returns a {@code CompletionStage}. */
    public final Object callStage(Object target, Object[] params) throws Exception {
        Binding b = binding();
        return b == null ? proceed(target, params) : b.engine.callStage(b.useCase, params, target, this);
    }

    void bind(GCacheEngine engine) {
        bound = new Binding(engine, engine.useCase(useCase));
    }

    void unbind() {
        bound = null;
    }

    /** The site's binding, or {@code null} when there is no engine to bind to. */
    private Binding binding() {
        Binding b = bound;
        return b != null ? b : bindToRunningApplication();
    }

    /**
     * A call that comes before the recorder bound the site (a start-up observer, say) binds it to the running
     * application's engine, creating the engine if need be; without a running container the call runs uncached.
     */
    private Binding bindToRunningApplication() {
        ArcContainer arc = Arc.container();
        if (arc == null || !arc.isRunning()) {
            return null;
        }
        InstanceHandle<GCacheEngine> engine = arc.instance(GCacheEngine.class);
        if (!engine.isAvailable()) {
            return null;
        }
        bind(engine.get());
        return bound;
    }
}
