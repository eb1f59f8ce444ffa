package io.quarkiverse.gcache.runtime.scope;

import java.util.Map;

import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

import io.quarkiverse.gcache.runtime.tier.RequestMemo;

/**
 * Carries the enable scope to the threads where asynchronous work continues: the state in force where a {@code Uni}
 * is subscribed (or a task is submitted to a managed executor) is put in force where it runs, and what was there
 * before is put back afterwards. The enable scope's request-local memo travels with it.
 */
public class GCacheScopeContextProvider implements ThreadContextProvider {

    /** The context type name, for {@code ThreadContext} configuration. */
    public static final String TYPE = "GCacheScope";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        // The state and the memo, not the token: a snapshot must not keep the scope's thread or Vert.x context.
        Scopes.Token open = Scopes.captured();
        Boolean state = open == null ? null : open.state;
        RequestMemo memo = open == null ? null : open.memo;
        return () -> {
            Scopes.Token previous = Scopes.enter(state, memo);
            return () -> Scopes.restore(previous);
        };
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return () -> {
            Scopes.Token previous = Scopes.enter(null, null);
            return () -> Scopes.restore(previous);
        };
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }
}
