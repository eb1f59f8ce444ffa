package io.quarkiverse.gcache.runtime.config;

/** The effective settings of one use case's two layers, and of its shadow validation. */
public record UseCaseSettings(LayerSettings local, LayerSettings remote, ShadowSettings shadow) {

    /** Settings without shadow validation. */
    public UseCaseSettings(LayerSettings local, LayerSettings remote) {
        this(local, remote, ShadowSettings.OFF);
    }
}
