package io.quarkiverse.gcache.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * GCache's run-time configuration. The switch and the use cases' TTL and ramp are read from the config sources
 * while the application runs (see {@link SettingsReader}); a value that cannot be read switches the layer off
 * instead of failing the start or the call, which is why they are typed as text here.
 */
@ConfigMapping(prefix = "quarkus.gcache")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface GCacheRuntimeConfig {

    /**
     * Whether GCache serves anything at all. {@code false} is the application-wide kill switch: every cached
     * method just runs.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The first part of every key, e.g. {@code urn:gcache:user_id:42#GetUser}. Services that share a Redis and
     * this prefix share entries and invalidations. A Python GCache with this prefix shares keys and invalidations with
     * them, not entries (its values are pickled).
     */
    @WithDefault("urn:gcache")
    String keyPrefix();

    /**
     * How often the switch, TTLs and ramps are re-read from the config sources while the application runs; a
     * change in any dynamic config source (the Redis hash below, a feature-flag source) applies within this period.
     * {@code 0} reads them once, at start.
     */
    @WithDefault("1s")
    Duration configRefresh();

    /**
     * Metrics (recorded when the application has Micrometer).
     */
    MetricsConfig metrics();

    /** Metrics. */
    interface MetricsConfig {

        /**
         * A prefix for every series name, e.g. {@code myapp_} gives {@code myapp_gcache_request_counter_total}.
         */
        Optional<String> prefix();
    }

    /**
     * The longest key, in UTF-8 bytes. A longer key keeps prefix, entity and use case and replaces its argument
     * part by {@code ?sha256=<hex>}.
     */
    @WithDefault("1024")
    int maxKeyLength();

    /**
     * How long an entity's watermark lives in Redis past the moment it marks. A tracked REMOTE entry never lives
     * longer than this from its creation, so that it never outlives the watermark that makes it stale: a longer
     * REMOTE TTL is cut to it (a warning at start says which use cases ask for more).
     */
    @WithDefault("4h")
    Duration watermarkTtl();

    /**
     * The LOCAL (in-process) layer.
     */
    LocalConfig local();

    /**
     * The REMOTE (Redis) layer.
     */
    RemoteConfig remote();

    /**
     * The REQUEST_LOCAL layer: a memo per outermost enable scope, for the use cases that turn it on.
     */
    RequestLocalConfig requestLocal();

    /**
     * Shadow validation (SPEC §12): sampled background checks of REMOTE hits against the method.
     */
    ShadowConfig shadow();

    /**
     * Per use case settings, over the defaults in the {@code @GCached} annotation. The use case name may be
     * written with or without quotes: {@code quarkus.gcache.use-case."GetUser".local.ttl=30s}.
     */
    @ConfigDocMapKey("use-case")
    @ConfigDocSection
    Map<String, UseCaseConfig> useCase();

    /** The LOCAL layer. */
    interface LocalConfig {

        /**
         * The most entries the LOCAL layer keeps for one use case; the least recently and frequently used go
         * first. A use case's own {@code quarkus.gcache.use-case."X".local.max-size} overrides it.
         */
        @WithDefault("10000")
        long maxSize();
    }

    /** The REQUEST_LOCAL layer. */
    interface RequestLocalConfig {

        /**
         * The most entries one outermost enable scope (one request) keeps, over all its request-local use cases; once
         * full, further results are served but not kept. Read once, at start.
         */
        @WithDefault("1000")
        int maxSize();
    }

    /** The REMOTE layer. */
    interface RemoteConfig {

        /**
         * The longest any Redis operation may take; past it the call goes on without REMOTE.
         */
        @WithDefault("250ms")
        Duration timeout();

        /**
         * The largest value written to Redis (its encoded payload, without GCache's creation-time prefix); larger
         * values are served from LOCAL and the method only.
         */
        @WithDefault("1M")
        MemorySize maxValueSize();

        /**
         * Whether GCache reads configuration from the Redis hash {@code <key-prefix>:config}, whose fields are
         * property names ({@code quarkus.gcache.enabled}, {@code quarkus.gcache.use-case."X".local.ramp}, ...): every
         * instance polls it each {@code config-refresh}, so one {@code HSET} changes the whole fleet and {@code HDEL}
         * restores the defaults. Values there override the application's properties. Only {@code quarkus.gcache.*}
         * fields are read; any other field is ignored and logged once.
         */
        @WithDefault("false")
        boolean configSource();

        /**
         * How many Redis failures in a row open the breaker, which then skips REMOTE
         * ({@code reason="server_down"}) until a probe succeeds.
         */
        @WithDefault("5")
        int breakerFailures();

        /**
         * How long the open breaker skips REMOTE before it lets one call probe Redis again.
         */
        @WithDefault("1s")
        Duration breakerDelay();

        /**
         * How often the invalidation subscription's connection is checked with a {@code PING}. A connection that a
         * NAT or load balancer dropped without a reset looks open but delivers nothing; a {@code PING} it does not
         * answer within {@code subscription-ping-timeout} makes GCache treat the subscription as lost (tracked LOCAL
         * entries dropped, LOCAL skipped for tracked use cases) and subscribe again. {@code 0} turns the check off.
         */
        @WithDefault("5s")
        Duration subscriptionPingInterval();

        /**
         * How long the invalidation subscription's connection may take to answer a {@code PING} (and a new one to
         * connect) before it is treated as lost.
         */
        @WithDefault("2s")
        Duration subscriptionPingTimeout();

        /**
         * Whether GCache switches on Redis keyspace notifications ({@code CONFIG SET notify-keyspace-events}, adding
         * {@code K$}) at start, so that a watermark set by any writer (the Python GCache, {@code redis-cli}) drops
         * LOCAL entries in every process. GCache listens to the notifications of watermark keys whenever the server
         * sends them; a user that may not run {@code CONFIG SET} gets an error in the log and the channel only.
         */
        @WithDefault("false")
        boolean enableKeyspaceEvents();
    }

    /** One use case. */
    interface UseCaseConfig {

        /**
         * The use case's LOCAL layer.
         */
        LocalLayerConfig local();

        /**
         * The use case's REMOTE (Redis) layer.
         */
        LayerConfig remote();

        /**
         * The deadline of the use case's fills, e.g. {@code 2s}: a caller that finds another caller computing the same
         * key waits at most this long (counted from when that computation started) and then runs the method itself;
         * a computation older than this no longer takes callers that arrive. When set (here or on the annotation), it
         * also bounds a {@code Uni} or {@code CompletionStage} method: past it the call and its followers fail with
         * {@code GCacheFallbackTimeoutException}, and a late result is not cached. Defaults to the annotation's
         * {@code fallbackTimeout}, else {@code 60s} (which bounds followers only). Re-read while the application runs.
         */
        Optional<String> fallbackTimeout();

        /**
         * The use case's stale on error: a REMOTE value past its TTL returned when the method fails.
         */
        StaleOnErrorConfig staleOnError();

        /**
         * The use case's REQUEST_LOCAL layer.
         */
        RequestLocalLayerConfig requestLocal();

        /**
         * Whether concurrent calls of one key share one fill, inside a scope and inside the process; {@code false}:
         * every caller runs its own. Defaults to the annotation's {@code coalesce} ({@code true}). Re-read while the
         * application runs.
         */
        Optional<String> coalesce();

        /**
         * The use case's shadow validation (SPEC §12).
         */
        UseCaseShadowConfig shadow();
    }

    /** Stale on error of one use case (opt-in recovery from a failing source). */
    interface StaleOnErrorConfig {

        /**
         * Turns stale on error on, e.g. {@code 10m}: REMOTE entries of the use case are kept in Redis this long (not
         * just their TTL); when the method fails with an exception the policy accepts, an entry the call found older
         * than the TTL but younger than this is returned instead of the exception (never written back). Must be
         * longer than the use case's REMOTE ttl. Defaults to the annotation's {@code staleOnErrorMaxAge}; {@code 0}
         * turns it off. Read once, at start.
         */
        Optional<String> maxAge();

        /**
         * The exceptions that may be answered with a stale value: class names, matched like {@code instanceof}
         * (the class or a superclass) against the exception and each of its causes. Defaults to
         * {@code java.util.concurrent.TimeoutException}, {@code io.quarkiverse.gcache.GCacheFallbackTimeoutException}
         * and {@code java.io.IOException}. A {@code GCacheStaleRecoveryPolicy} bean, when the application has one,
         * decides instead. Read once, at start.
         */
        Optional<List<String>> on();
    }

    /** The REQUEST_LOCAL layer of one use case. */
    interface RequestLocalLayerConfig {

        /**
         * Whether the use case keeps its results for the rest of the outermost enable scope (the request), in front
         * of LOCAL. Defaults to the annotation's {@code requestLocal} ({@code false}). Re-read while the application
         * runs, like TTL and ramp; it has neither.
         */
        Optional<String> enabled();
    }

    /** Shadow validation of one use case. */
    interface UseCaseShadowConfig {

        /**
         * The share of keys, 0 to 100, whose REMOTE hits are checked in the background against the method run again
         * with caching disabled; a key is in the cohort when a stable hash of its Redis key falls inside the ramp,
         * whatever the serving ramp drew. While the REMOTE ramp is 0 the cohort still reads REMOTE and fills it with
         * the caller's result (warming). Defaults to the annotation's {@code shadowRamp}, else {@code 0} (off).
         * Re-read while the application runs.
         */
        Optional<String> ramp();

        /**
         * Whether each confirmed mismatch is logged at WARN with the entry's key and both values as JSON (each cut
         * at 8 KiB). Re-read while the application runs.
         */
        Optional<String> logMismatches();
    }

    /** Shadow validation, for the whole application. */
    interface ShadowConfig {

        /**
         * The most shadow checks that run at once in this process, one per key at most; a check that finds them all
         * busy is not run and is counted as {@code dropped}.
         */
        @WithDefault("2")
        int maxInFlight();
    }

    /** One layer of one use case. */
    interface LayerConfig {

        /**
         * How long a new entry lives, e.g. {@code 60s}, {@code 5m}, {@code PT1H}; {@code 0} turns the layer off.
         * Applies to entries written after a change. Defaults to the annotation's {@code ttl}.
         */
        Optional<String> ttl();

        /**
         * The share of requests, 0 to 100, that use the layer; {@code 0} is the layer's kill switch. Defaults to
         * the annotation's {@code ramp}.
         */
        Optional<String> ramp();
    }

    /** The LOCAL layer of one use case. */
    interface LocalLayerConfig extends LayerConfig {

        /**
         * The most entries this use case keeps in LOCAL, e.g. {@code 500} for a use case with large values or
         * {@code 100000} for a small hot one; the least recently and frequently used go first. Defaults to
         * {@code quarkus.gcache.local.max-size}. Read once, at start: unlike TTL and ramp it is not re-read while the
         * application runs, and the Redis hash cannot set it.
         */
        Optional<String> maxSize();
    }
}
