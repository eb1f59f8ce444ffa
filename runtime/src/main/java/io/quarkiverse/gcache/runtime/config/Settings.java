package io.quarkiverse.gcache.runtime.config;

/**
 * One immutable snapshot of GCache's dynamic configuration: the global switch and each use case's layer
 * settings, indexed by the use case's position. The hot path reads it through one volatile field and never
 * touches the config sources.
 */
public final class Settings {

    private final boolean enabled;
    private final UseCaseSettings[] useCases;

    public Settings(boolean enabled, UseCaseSettings[] useCases) {
        this.enabled = enabled;
        this.useCases = useCases;
    }

    /** {@code quarkus.gcache.enabled}. */
    public boolean enabled() {
        return enabled;
    }

    /** The settings of the use case at {@code index}. */
    public UseCaseSettings useCase(int index) {
        return useCases[index];
    }
}
