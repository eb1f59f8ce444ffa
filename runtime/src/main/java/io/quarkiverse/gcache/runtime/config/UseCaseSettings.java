package io.quarkiverse.gcache.runtime.config;

/** The effective settings of one use case's two layers. */
public record UseCaseSettings(LayerSettings local, LayerSettings remote) {
}
