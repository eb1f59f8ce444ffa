package io.quarkiverse.gcache.runtime;

import java.util.Optional;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheKeyConfig;
import io.quarkiverse.gcache.runtime.GCacheMetrics.DisabledReason;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.Settings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.remote.InvalidationSubscriber;
import io.quarkiverse.gcache.runtime.shadow.ShadowValidator;
import io.quarkiverse.gcache.runtime.scope.Scopes;

/**
 * Whether a call uses the cache, and which tiers with which settings (SPEC §4.1, §4.2, §6): the global switch and
 * the enable scope, the use case's settings snapshot, a {@link GCacheConfigProvider}'s answer for the key, each
 * tier's ramp draw, the invalidation channel's state for tracked LOCAL. Every "no" is counted in
 * {@code gcache_disabled_counter} with its reason; every failure (a key that cannot be built, a provider that throws)
 * is an uncached call, never the caller's problem.
 */
final class TierChoice {

    /** Both tiers off for a call whose provider failed. */
    private static final UseCaseSettings CONFIG_ERROR = new UseCaseSettings(LayerSettings.CONFIG_ERROR,
            LayerSettings.CONFIG_ERROR);

    private final GCacheMetrics metrics;
    private final RateLimitedLog log;
    private final GCacheConfigProvider provider;
    private final Keyspace keyspace;
    private final boolean hasRemote;
    /** The invalidation channel, or {@code null} without REMOTE. */
    private InvalidationSubscriber channel;

    TierChoice(GCacheMetrics metrics, RateLimitedLog log, GCacheConfigProvider provider, Keyspace keyspace,
            boolean hasRemote) {
        this.metrics = metrics;
        this.log = log;
        this.provider = provider;
        this.keyspace = keyspace;
        this.hasRemote = hasRemote;
    }

    void watch(InvalidationSubscriber channel) {
        this.channel = channel;
    }

    /** What an asynchronous call decided when it was made: its key, settings and tiers, and the snapshot read. */
    record Plan(Object key, UseCaseSettings settings, int tiers, Settings snapshot) {
    }

    /** The use case's settings when caching is enabled here, else {@code null} (counted). */
    UseCaseSettings enabled(UseCase uc, Settings current) {
        if (!current.enabled() || !Scopes.isEnabled()) {
            metrics.disabled(uc, CacheLayer.GLOBAL, current.enabled() ? DisabledReason.CONTEXT : DisabledReason.RAMPED_DOWN);
            return null;
        }
        return current.useCase(uc.index);
    }

    /** Whether a provider decides per key, so the key is built before the tiers are chosen. */
    boolean asksProvider() {
        return provider != null;
    }

    /**
     * The whole decision for a call that is enabled with {@code s}: {@code null} when it does not use the cache. The
     * tiers are drawn before the key is built unless a provider needs the key. The blocking path without a provider
     * takes the same two steps inline, to allocate nothing.
     */
    Plan plan(UseCase uc, Object[] params, UseCaseSettings s, Settings snapshot) {
        Object key;
        int tiers;
        if (provider == null) {
            tiers = tiers(uc, s);
            key = tiers == Tiers.NONE ? null : key(uc, params);
        } else {
            key = key(uc, params);
            s = key == null ? s : providerSettings(uc, key, s);
            tiers = key == null ? Tiers.NONE : tiers(uc, s);
        }
        return key == null || tiers == Tiers.NONE ? null : new Plan(key, s, tiers, snapshot);
    }

    /** Which tiers serve this call, counting why the others do not. */
    int tiers(UseCase uc, UseCaseSettings s) {
        // REQUEST_LOCAL has no ramp and no "off" reason to count: off is its default.
        int tiers = s.requestLocal() ? Tiers.of(CacheLayer.REQUEST_LOCAL) : Tiers.NONE;
        LayerSettings local = s.local();
        if (!local.isOn()) {
            metrics.disabled(uc, CacheLayer.LOCAL, offReason(local));
        } else if (!local.drawRamp()) {
            metrics.disabled(uc, CacheLayer.LOCAL, DisabledReason.RAMPED_DOWN);
        } else if (uc.tracked() && channel != null && !channel.live()) {
            // Without the invalidation channel LOCAL could serve what another process invalidated.
            metrics.disabled(uc, CacheLayer.LOCAL, DisabledReason.SERVER_DOWN);
        } else {
            tiers |= Tiers.of(CacheLayer.LOCAL);
        }
        if (hasRemote) {
            LayerSettings r = s.remote();
            if (!r.isOn()) {
                metrics.disabled(uc, CacheLayer.REMOTE, offReason(r));
                if (ShadowValidator.warms(s)) {
                    tiers |= Tiers.of(CacheLayer.REMOTE_SHADOW); // ramped down: the shadow cohort warms it (SPEC §12)
                }
            } else if (!r.drawRamp()) {
                metrics.disabled(uc, CacheLayer.REMOTE, DisabledReason.RAMPED_DOWN);
            } else {
                tiers |= Tiers.of(CacheLayer.REMOTE); // the breaker is asked only right before REMOTE is read
            }
        }
        return tiers;
    }

    /** The call's LOCAL key, or {@code null} when it cannot be built (counted, logged: the call runs uncached). */
    Object key(UseCase uc, Object[] params) {
        try {
            return uc.localKey(params);
        } catch (VirtualMachineError e) {
            throw e; // out of memory, stack overflow: the JVM's state, not a key that cannot be built
        } catch (Throwable e) {
            // A getter or an adapter may throw anything, a checked exception included (javac does not see it through
            // the generated reader): it is the key's fault, never the caller's (SPEC §9).
            metrics.error(uc, CacheLayer.GLOBAL, e, false);
            log.warn("key:" + uc.name(), "Use case %s runs uncached: its key cannot be built (%s)", uc.name(),
                    e.toString());
            return null;
        }
    }

    /** The provider's settings for this call, over the properties; a failing provider turns both tiers off. */
    private UseCaseSettings providerSettings(UseCase uc, Object key, UseCaseSettings properties) {
        Optional<GCacheKeyConfig> answer;
        try {
            answer = provider.config(new CallKey(uc, key, keyspace));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // a sneaky checked exception or an Error of the provider's own: the call runs uncached
            metrics.error(uc, CacheLayer.GLOBAL, e, false);
            log.warn("provider:" + uc.name(), e, "GCacheConfigProvider failed for use case %s; the call runs uncached",
                    uc.name());
            return CONFIG_ERROR;
        }
        if (answer == null || answer.isEmpty()) {
            return properties;
        }
        return properties.withLayers(providerLayer(uc, answer.get(), CacheLayer.LOCAL, properties.local()),
                providerLayer(uc, answer.get(), CacheLayer.REMOTE, properties.remote()));
    }

    private LayerSettings providerLayer(UseCase uc, GCacheKeyConfig config, CacheLayer layer, LayerSettings fallback) {
        GCacheKeyConfig.Layer answer = config.layer(layer).orElse(null);
        if (answer == null) {
            return fallback;
        }
        if (answer.ttl() == null || answer.ttl().isNegative() || answer.ramp() < 0 || answer.ramp() > 100) {
            log.warn("provider-value:" + uc.name(), "GCacheConfigProvider answered ttl=%s ramp=%d for the %s layer of "
                    + "use case %s; the layer is off for the call",
                    answer.ttl() == null ? null : Durations.format(answer.ttl()), answer.ramp(), layer, uc.name());
            return LayerSettings.CONFIG_ERROR;
        }
        return new LayerSettings(answer.ttl().toNanos(), answer.ramp(), false);
    }

    private static DisabledReason offReason(LayerSettings layer) {
        if (layer.configError()) {
            return DisabledReason.CONFIG_ERROR;
        }
        return layer.ttlNanos() <= 0 ? DisabledReason.MISSING_CONFIG : DisabledReason.RAMPED_DOWN;
    }
}
