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
 * @param database the Redis database of the client (keyspace notifications are named after it)
 * @param enableKeyspaceEvents whether to switch on the server's keyspace notifications ({@code CONFIG SET})
 * @param staleOnError the stale-on-error rule of each use case that has one, by use case name
 * @param shadow what shadow validation runs with (SPEC §12)
 * @param clusterNodes on a Redis Cluster, how to reach each master (one subscription per master); else {@code null}
 */
public record RemoteSetup(RedisGateway layer, Function<UseCaseSpec, PayloadCodec> codecs, long maxValueSize,
        long watermarkTtlMillis, Duration subscriptionPingInterval, Duration subscriptionPingTimeout, int database,
        boolean enableKeyspaceEvents, Map<String, StaleOnErrorRule> staleOnError, ShadowSetup shadow,
        NodeClients clusterNodes) {
}
