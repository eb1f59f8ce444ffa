package io.quarkiverse.gcache;

/** The two cache layers GCache reads through, in order. */
public enum CacheLayer {
    /** The in-process Caffeine cache of each use case. */
    LOCAL,
    /** Redis, shared by every process of the application. */
    REMOTE
}
