package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.quarkiverse.gcache.runtime.shadow.ShadowSetup;
import io.quarkiverse.gcache.runtime.shadow.StaleOnErrorRule;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;

/**
 * What the engine needs for REMOTE, when the application has Redis configured for GCache.
 *
 * @param layer the Redis operations
 * @param codecs the payload codec of each use case
 * @param maxValueSize the largest entry written, in bytes
 * @param watermarkTtlMillis how long a watermark lives
 * @param subscriptionPingInterval how often the invalidation subscription is checked ({@code 0}: never)
 * @param subscriptionPingTimeout how long that check, or a new subscription's connect, may take
 * @param staleOnError the stale-on-error rule of each use case that has one, by use case name
 * @param shadow what shadow validation runs with (SPEC §12)
 */
public record RemoteSetup(RedisGateway layer, Function<UseCaseSpec, PayloadCodec> codecs, long maxValueSize,
        long watermarkTtlMillis, Duration subscriptionPingInterval, Duration subscriptionPingTimeout,
        Map<String, StaleOnErrorRule> staleOnError, ShadowSetup shadow) {

    /** A setup where no use case has stale on error, with shadow validation's defaults. */
    public RemoteSetup(RedisGateway layer, Function<UseCaseSpec, PayloadCodec> codecs, long maxValueSize,
            long watermarkTtlMillis, Duration subscriptionPingInterval, Duration subscriptionPingTimeout) {
        this(layer, codecs, maxValueSize, watermarkTtlMillis, subscriptionPingInterval, subscriptionPingTimeout,
                Map.of(), ShadowSetup.defaults());
    }

    /** A setup with stale on error for some use cases, and shadow validation's defaults. */
    public RemoteSetup(RedisGateway layer, Function<UseCaseSpec, PayloadCodec> codecs, long maxValueSize,
            long watermarkTtlMillis, Duration subscriptionPingInterval, Duration subscriptionPingTimeout,
            Map<String, StaleOnErrorRule> staleOnError) {
        this(layer, codecs, maxValueSize, watermarkTtlMillis, subscriptionPingInterval, subscriptionPingTimeout,
                staleOnError, ShadowSetup.defaults());
    }

    /** A setup where no use case has stale on error, with this shadow validation setup. */
    public RemoteSetup(RedisGateway layer, Function<UseCaseSpec, PayloadCodec> codecs, long maxValueSize,
            long watermarkTtlMillis, Duration subscriptionPingInterval, Duration subscriptionPingTimeout,
            ShadowSetup shadow) {
        this(layer, codecs, maxValueSize, watermarkTtlMillis, subscriptionPingInterval, subscriptionPingTimeout,
                Map.of(), shadow);
    }
}
