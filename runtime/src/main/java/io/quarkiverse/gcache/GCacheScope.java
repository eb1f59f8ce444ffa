package io.quarkiverse.gcache;

/**
 * An enable or disable scope opened by {@link GCache#enable()} or {@link GCache#disable()}. Closing it restores
 * the state that was in force before; use it in try-with-resources.
 */
public interface GCacheScope extends AutoCloseable {

    /** Restores the previous state. Throws nothing; closing twice does nothing. */
    @Override
    void close();
}
