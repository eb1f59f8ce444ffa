package io.quarkiverse.gcache;

/**
 * An enable or disable scope opened by {@link GCache#enable()} or {@link GCache#disable()}. Closing it restores
 * the state that was in force before; use it in try-with-resources, on the thread that opened it.
 */
public interface GCacheScope extends AutoCloseable {

    /**
     * Ends this scope, and only this one: the state that was in force before it is back once the scopes opened after
     * it are closed too. Closed out of order or on another thread, it still ends only itself (the thread that opened
     * it is not left enabled), and GCache logs the misuse once. Throws nothing; closing twice does nothing.
     */
    @Override
    void close();
}
