package io.quarkiverse.gcache.runtime.spec;

/** How a cached method delivers its value; decided once, at build time. */
public enum ReturnKind {
    /** The value itself. */
    PLAIN,
    /** A {@code Uni<T>}. */
    UNI,
    /** A {@code CompletionStage<T>} or one of its implementations. */
    COMPLETION_STAGE
}
