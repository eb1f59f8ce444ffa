package io.quarkiverse.gcache.runtime.scope;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * Carries the enable scope to the threads where asynchronous work continues: the state in force where a {@code Uni}
 * is subscribed (or a task is submitted to a managed executor) is put in force where it runs, and what was there
 * before is put back afterwards.
 */
public class GCacheScopeContextProvider implements ThreadContextProvider {

    /** The context type name, for {@code ThreadContext} configuration. */
    public static final String TYPE = "GCacheScope";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        Boolean captured = Scopes.current();
        return () -> {
            Scopes.Token previous = Scopes.enter(captured);
            return () -> Scopes.restore(previous);
        };
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return () -> {
            Scopes.Token previous = Scopes.enter(null);
            return () -> Scopes.restore(previous);
        };
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }
}
