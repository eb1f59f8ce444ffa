package io.quarkiverse.gcache.runtime.scope;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * Carries the enable scope to the threads where asynchronous work continues: the state captured where a
 * {@code Uni} is subscribed (or a task is submitted to a managed executor) is restored where it runs.
 */
public class GCacheScopeContextProvider implements ThreadContextProvider {

    /** The context type name, for {@code ThreadContext} configuration. */
    public static final String TYPE = "GCacheScope";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        Boolean captured = Scopes.current();
        return () -> {
            Boolean previous = Scopes.swap(captured);
            return () -> Scopes.swap(previous);
        };
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return () -> {
            Boolean previous = Scopes.swap(null);
            return () -> Scopes.swap(previous);
        };
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }
}
