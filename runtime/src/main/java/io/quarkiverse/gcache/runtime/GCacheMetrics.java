package io.quarkiverse.gcache.runtime;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.shadow.ShadowOutcome;

/**
 * What the engine reports as it serves calls; the Micrometer implementation turns it into the Python GCache's
 * series. {@link #NONE} records nothing (no Micrometer in the application), and then the engine does not even
 * read the clock.
 */
public interface GCacheMetrics {

    /** Why a layer (or the whole cache) did not serve a call. */
    enum DisabledReason {
        CONTEXT("context"),
        RAMPED_DOWN("ramped_down"),
        MISSING_CONFIG("missing_config"),
        CONFIG_ERROR("config_error"),
        SERVER_DOWN("server_down");

        private final String label;

        DisabledReason(String label) {
            this.label = label;
        }

        /** The label value of the {@code reason} tag. */
        public String label() {
            return label;
        }
    }

    /** Why a layer did not have a value (SPEC §11); read errors and timeouts are errors, not misses. */
    enum MissReason {
        /** Not found, evicted; every LOCAL and REQUEST_LOCAL miss. */
        VALUE_ABSENT("value_absent"),
        /** Found, but older than the TTL in force now. */
        EXPIRED("expired"),
        /** Created at or before the entity's watermark (or its watermark is gone). */
        WATERMARK_FENCED("watermark_fenced"),
        /** Undecodable or malformed entries, and everything else. */
        UNCLASSIFIED("unclassified");

        private final String label;

        MissReason(String label) {
            this.label = label;
        }

        /** The label value of the {@code reason} tag. */
        public String label() {
            return label;
        }
    }

    /** What stale on error did for a call whose method failed with an exception its policy accepts (SPEC §13). */
    enum StaleOutcome {
        /** The kept value was returned instead of the exception. */
        SERVED("served"),
        /** No kept value, or it was older than the max-age: the exception propagated. */
        MISS("miss"),
        /** The kept value could not be decoded: the exception propagated. */
        DESERIALIZATION_ERROR("deserialization_error");

        private final String label;

        StaleOutcome(String label) {
            this.label = label;
        }

        /** The label value of the {@code outcome} tag. */
        public String label() {
            return label;
        }
    }

    /** Where concurrent calls of one key shared a fill (SPEC §11): the {@code scope} label. */
    enum CoalescingScope {
        /** Inside one outermost enable scope, before the request-local lookup. */
        REQUEST_LOCAL("request_local"),
        /** Inside the process, before LOCAL and REMOTE. */
        PROCESS("process");

        private final String label;

        CoalescingScope(String label) {
            this.label = label;
        }

        /** The label value of the {@code scope} tag. */
        public String label() {
            return label;
        }
    }

    GCacheMetrics NONE = new GCacheMetrics() {
    };

    /** Whether durations are recorded: if not, the engine does not read the clock for them. */
    default boolean timed() {
        return false;
    }

    /** A layer was asked for a value. */
    default void request(UseCase useCase, CacheLayer layer) {
    }

    /** A layer did not have the value at all ({@link MissReason#VALUE_ABSENT}). */
    default void miss(UseCase useCase, CacheLayer layer) {
        miss(useCase, layer, MissReason.VALUE_ABSENT);
    }

    /** A layer did not have a value it could serve, for {@code reason}. */
    default void miss(UseCase useCase, CacheLayer layer, MissReason reason) {
    }

    /** A layer (or the whole cache, {@code GLOBAL}) was skipped for a call. */
    default void disabled(UseCase useCase, CacheLayer layer, DisabledReason reason) {
    }

    /** The cache itself failed; the call went on without it. {@code inFallback}: while writing the method's result. */
    default void error(UseCase useCase, CacheLayer layer, Throwable error, boolean inFallback) {
    }

    /** How long a layer's lookup took. */
    default void getTime(UseCase useCase, CacheLayer layer, long nanos) {
    }

    /** How long the fallback (the method itself) took after a miss in {@code layer}, the last layer asked. */
    default void fallbackTime(UseCase useCase, CacheLayer layer, long nanos) {
    }

    /** How long encoding ({@code dump}) or decoding ({@code load}) a REMOTE value took. */
    default void serializationTime(UseCase useCase, boolean dump, long nanos) {
    }

    /** The size in bytes of a value written to REMOTE. */
    default void size(UseCase useCase, long bytes) {
    }

    /** Stale on error's outcome; {@code ageSeconds}: the returned value's age ({@code served} only, else 0). */
    default void staleRecovery(UseCase useCase, StaleOutcome outcome, double ageSeconds) {
    }

    /** A call followed another caller's fill of the same key instead of running its own. */
    default void coalesced(UseCase useCase, CoalescingScope scope) {
    }

    /** {@link #serializationTime(UseCase, boolean, long)} of a layer: {@code REMOTE}, or shadow validation's own. */
    default void serializationTime(UseCase useCase, CacheLayer layer, boolean dump, long nanos) {
        if (layer == CacheLayer.REMOTE) {
            serializationTime(useCase, dump, nanos);
        }
    }

    /** {@link #size(UseCase, long)} of a layer: {@code REMOTE}, or shadow validation's own fills. */
    default void size(UseCase useCase, CacheLayer layer, long bytes) {
        if (layer == CacheLayer.REMOTE) {
            size(useCase, bytes);
        }
    }

    /** A shadow check ended (SPEC §12). */
    default void shadow(UseCase useCase, ShadowOutcome outcome) {
    }

    /** The age, in seconds, of the entry a shadow check judged ({@code match} and {@code mismatch} only). */
    default void shadowAge(UseCase useCase, ShadowOutcome outcome, double seconds) {
    }

    /** An entity of {@code keyType} was invalidated in {@code layer}. */
    default void invalidation(String keyType, CacheLayer layer) {
    }
}
