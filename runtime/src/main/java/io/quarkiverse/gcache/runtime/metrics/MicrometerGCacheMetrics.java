package io.quarkiverse.gcache.runtime.metrics;

import io.quarkiverse.gcache.CacheLayer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.runtime.GCacheMetrics;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.shadow.ShadowOutcome;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;

/**
 * The Python GCache's Prometheus series, through Micrometer: the same names, labels and buckets, so its dashboards
 * and alerts keep working. Every declared use case's meters are registered at start-up (they exist at 0 before
 * the first call) and held in arrays, so a call never looks a meter up by name.
 * <p>
 * The histograms go to Prometheus directly when the registry is (or contains) Micrometer's Prometheus registry: see
 * {@link PrometheusHistograms}. Any other registry gets Micrometer distribution summaries.
 * <p>
 * REQUEST_LOCAL's series exist from start-up for the use cases that can use it then (the annotation or the
 * configuration read at start turns it on); a use case that a dynamic source turns it on for later gets them at its
 * first request-local call.
 * <p>
 * Over 400 lines: one series family per method of {@link GCacheMetrics}, each with its pre-registration and its
 * lazily registered layers (REQUEST_LOCAL, REMOTE_SHADOW); splitting them would spread one label scheme over files.
 */
public final class MicrometerGCacheMetrics implements GCacheMetrics {

    /** 1 ms, then Prometheus' default buckets, in seconds: the Python library's. */
    static final double[] TIME_BUCKETS = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
            5.0, 7.5, 10.0 };
    static final double[] SIZE_BUCKETS = { 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000 };
    /** Ages in seconds, from a second to a day: the shadow's and stale on error's age histograms (SPEC §12, §13). */
    static final double[] AGE_BUCKETS = { 1, 5, 15, 60, 300, 900, 3600, 10800, 43200, 86400 };
    private static final StaleOutcome[] STALE_OUTCOMES = StaleOutcome.values();
    private static final ShadowOutcome[] OUTCOMES = ShadowOutcome.values();
    private static final CacheLayer[] LAYERS = CacheLayer.values();
    private static final DisabledReason[] REASONS = DisabledReason.values();
    private static final MissReason[] MISS_REASONS = MissReason.values();
    private static final CoalescingScope[] SCOPES = CoalescingScope.values();
    private static final int REQUEST_LOCAL = CacheLayer.REQUEST_LOCAL.ordinal();

    private static final boolean PROMETHEUS_CLIENT = present("io.micrometer.prometheus.PrometheusMeterRegistry")
            && present("io.prometheus.client.Histogram");

    /** Makes the labelled series of a histogram family; what the meters record their observations into. */
    interface Histograms {
        DoubleConsumer histogram(String name, String help, double[] buckets, String... tags);
    }

    private final MeterRegistry registry;
    private final String prefix;
    private final Histograms histograms;
    private final Meters[] byUseCase;
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> invalidations = new ConcurrentHashMap<>();

    public MicrometerGCacheMetrics(MeterRegistry registry, String prefix, List<UseCaseSpec> specs) {
        this(registry, prefix, specs, Set.of(), UseCaseSpec::isRequestLocal, spec -> spec.getShadowRamp() > 0);
    }

    /**
     * @param staleOnError the use cases that have stale on error: their recovery series are registered too
     * @param requestLocalAtStart whether a use case can use REQUEST_LOCAL at start-up, so its series are registered
     * @param shadowConfigured the use cases whose shadow series (and {@code layer="REMOTE_SHADOW"} series) exist from
     *        start-up; any other use case gets them when shadow validation is first turned on for it at run time
     */
    public MicrometerGCacheMetrics(MeterRegistry registry, String prefix, List<UseCaseSpec> specs,
            Set<String> staleOnError, Predicate<UseCaseSpec> requestLocalAtStart,
            Predicate<UseCaseSpec> shadowConfigured) {
        this.registry = registry;
        this.prefix = prefix;
        this.histograms = histograms(registry);
        this.byUseCase = new Meters[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            byUseCase[i] = new Meters(specs.get(i), staleOnError.contains(specs.get(i).getUseCase()),
                    requestLocalAtStart.test(specs.get(i)));
            if (shadowConfigured.test(specs.get(i))) {
                byUseCase[i].shadow();
            }
            invalidationCounter(specs.get(i).getKeyType(), CacheLayer.LOCAL);
            invalidationCounter(specs.get(i).getKeyType(), CacheLayer.REMOTE);
        }
    }

    /** The meters of one use case, by layer (and reason). */
    private final class Meters {
        final String useCase;
        final String keyType;
        final Counter[] requests = new Counter[LAYERS.length];
        final Counter[][] misses = new Counter[LAYERS.length][MISS_REASONS.length];
        final Counter[] coalesced = new Counter[SCOPES.length];
        final Counter[][] disabled = new Counter[LAYERS.length][REASONS.length];
        final DoubleConsumer[] gets = new DoubleConsumer[LAYERS.length];
        final DoubleConsumer[] fallbacks = new DoubleConsumer[LAYERS.length];
        final DoubleConsumer dump;
        final DoubleConsumer load;
        final DoubleConsumer size;
        /** Stale on error's outcomes and served ages, or {@code null} for a use case without it. */
        final Counter[] staleRecoveries;
        final DoubleConsumer staleAge;
        /** Shadow validation's meters, registered when the use case has shadow validation configured. */
        private volatile ShadowMeters shadow;

        Meters(UseCaseSpec spec, boolean staleOnError, boolean requestLocal) {
            useCase = spec.getUseCase();
            keyType = spec.getKeyType();
            coalesced[CoalescingScope.PROCESS.ordinal()] = coalescedCounter(CoalescingScope.PROCESS);
            if (requestLocal) {
                requestLocal();
            }
            for (CacheLayer layer : LAYERS) {
                if (layer == CacheLayer.REQUEST_LOCAL) {
                    continue; // no TTL, ramp or fallback of its own: requests, misses and gets only (requestLocal())
                }
                int l = layer.ordinal();
                for (DisabledReason reason : REASONS) {
                    disabled[l][reason.ordinal()] = Counter.builder(prefix + "gcache_disabled_counter")
                            .description("Cache disabled counter")
                            .tags("use_case", useCase, "key_type", keyType, "layer", layer.name(), "reason", reason.label())
                            .register(registry);
                }
                if (layer == CacheLayer.GLOBAL || layer == CacheLayer.REMOTE_SHADOW) {
                    continue; // REMOTE_SHADOW: with the shadow meters, never disabled (a check is dropped instead)
                }
                requests[l] = Counter.builder(prefix + "gcache_request_counter").description("Cache request counter")
                        .tags(tags(layer)).register(registry);
                for (MissReason reason : MISS_REASONS) {
                    misses[l][reason.ordinal()] = Counter.builder(prefix + "gcache_miss_counter")
                            .description("Cache miss counter").tags(tags(layer)).tag("reason", reason.label())
                            .register(registry);
                }
                gets[l] = histogram("gcache_get_timer", "Cache get timer", TIME_BUCKETS, tags(layer));
                fallbacks[l] = histogram("gcache_fallback_timer", "Fallback timer", TIME_BUCKETS, tags(layer));
            }
            dump = histogram("gcache_serialization_timer", "Cache serialization timer", TIME_BUCKETS,
                    "use_case", useCase, "key_type", keyType, "layer", CacheLayer.REMOTE.name(), "operation", "dump");
            load = histogram("gcache_serialization_timer", "Cache serialization timer", TIME_BUCKETS,
                    "use_case", useCase, "key_type", keyType, "layer", CacheLayer.REMOTE.name(), "operation", "load");
            size = histogram("gcache_size_histogram", "Cache size histogram", SIZE_BUCKETS, tags(CacheLayer.REMOTE));
            staleRecoveries = staleOnError ? new Counter[STALE_OUTCOMES.length] : null;
            staleAge = staleOnError ? histogram("gcache_stale_recovery_value_age_histogram",
                    "Age of the stale values returned instead of an error", AGE_BUCKETS,
                    "use_case", useCase, "key_type", keyType) : null;
            if (staleOnError) {
                for (StaleOutcome outcome : STALE_OUTCOMES) {
                    staleRecoveries[outcome.ordinal()] = Counter.builder(prefix + "gcache_stale_recovery_counter")
                            .description("Stale on error outcomes")
                            .tags("use_case", useCase, "key_type", keyType, "outcome", outcome.label())
                            .register(registry);
                }
            }
        }

        /** REQUEST_LOCAL's series: at start-up, or at the first call of a use case turned on at run time. */
        synchronized Meters requestLocal() {
            if (gets[REQUEST_LOCAL] == null) {
                requests[REQUEST_LOCAL] = Counter.builder(prefix + "gcache_request_counter")
                        .description("Cache request counter").tags(tags(CacheLayer.REQUEST_LOCAL)).register(registry);
                for (MissReason reason : MISS_REASONS) {
                    misses[REQUEST_LOCAL][reason.ordinal()] = Counter.builder(prefix + "gcache_miss_counter")
                            .description("Cache miss counter").tags(tags(CacheLayer.REQUEST_LOCAL))
                            .tag("reason", reason.label()).register(registry);
                }
                coalesced[CoalescingScope.REQUEST_LOCAL.ordinal()] = coalescedCounter(CoalescingScope.REQUEST_LOCAL);
                gets[REQUEST_LOCAL] = histogram("gcache_get_timer", "Cache get timer", TIME_BUCKETS,
                        tags(CacheLayer.REQUEST_LOCAL));
            }
            return this;
        }

        private Counter coalescedCounter(CoalescingScope scope) {
            return Counter.builder(prefix + "gcache_coalesced_counter").description("Cache coalesced counter")
                    .tags("use_case", useCase, "key_type", keyType, "scope", scope.label()).register(registry);
        }

        String[] tags(CacheLayer layer) {
            return new String[] { "use_case", useCase, "key_type", keyType, "layer", layer.name() };
        }

        /** The shadow meters, registered on first use (a ramp turned on at run time) unless they were at start. */
        ShadowMeters shadow() {
            ShadowMeters m = shadow;
            if (m == null) {
                synchronized (this) {
                    m = shadow;
                    if (m == null) {
                        m = new ShadowMeters(this);
                        // REMOTE_SHADOW in the layer series, beside the REMOTE ones.
                        int l = CacheLayer.REMOTE_SHADOW.ordinal();
                        requests[l] = Counter.builder(prefix + "gcache_request_counter")
                                .description("Cache request counter").tags(tags(CacheLayer.REMOTE_SHADOW))
                                .register(registry);
                        for (MissReason reason : MISS_REASONS) {
                            misses[l][reason.ordinal()] = Counter.builder(prefix + "gcache_miss_counter")
                                    .description("Cache miss counter").tags(tags(CacheLayer.REMOTE_SHADOW))
                                    .tag("reason", reason.label()).register(registry);
                        }
                        gets[l] = histogram("gcache_get_timer", "Cache get timer", TIME_BUCKETS,
                                tags(CacheLayer.REMOTE_SHADOW));
                        fallbacks[l] = histogram("gcache_fallback_timer", "Fallback timer", TIME_BUCKETS,
                                tags(CacheLayer.REMOTE_SHADOW));
                        shadow = m;
                    }
                }
            }
            return m;
        }
    }

    /** One use case's shadow series: outcomes, ages, and the shadow's own serialization and fill sizes. */
    private final class ShadowMeters {
        final Counter[] outcomes = new Counter[OUTCOMES.length];
        final DoubleConsumer[] ages = new DoubleConsumer[OUTCOMES.length];
        final DoubleConsumer dump;
        final DoubleConsumer load;
        final DoubleConsumer size;

        ShadowMeters(Meters m) {
            for (ShadowOutcome outcome : OUTCOMES) {
                outcomes[outcome.ordinal()] = Counter.builder(prefix + "gcache_shadow_validation_counter")
                        .description("Shadow validation counter")
                        .tags("use_case", m.useCase, "key_type", m.keyType, "outcome", outcome.label())
                        .register(registry);
                if (outcome.aged()) {
                    ages[outcome.ordinal()] = histogram("gcache_shadow_value_age_histogram",
                            "Age of the entries shadow validation judged, in seconds", AGE_BUCKETS,
                            "use_case", m.useCase, "key_type", m.keyType, "outcome", outcome.label());
                }
            }
            String layer = CacheLayer.REMOTE_SHADOW.name();
            dump = histogram("gcache_serialization_timer", "Cache serialization timer", TIME_BUCKETS,
                    "use_case", m.useCase, "key_type", m.keyType, "layer", layer, "operation", "dump");
            load = histogram("gcache_serialization_timer", "Cache serialization timer", TIME_BUCKETS,
                    "use_case", m.useCase, "key_type", m.keyType, "layer", layer, "operation", "load");
            size = histogram("gcache_size_histogram", "Cache size histogram", SIZE_BUCKETS,
                    m.tags(CacheLayer.REMOTE_SHADOW));
        }
    }

    private DoubleConsumer histogram(String name, String description, double[] buckets, String... tags) {
        return histograms.histogram(prefix + name, description, buckets, tags);
    }

    /**
     * Prometheus histograms when the application exports to Micrometer's Prometheus registry (see
     * {@link PrometheusHistograms#of}); Micrometer summaries otherwise. (With Prometheus, another registry of a
     * composite, such as OTLP, does not get GCache's histograms: one mechanism, and Prometheus is the contract.)
     */
    private static Histograms histograms(MeterRegistry registry) {
        Histograms prometheus = PROMETHEUS_CLIENT ? PrometheusHistograms.of(registry) : null;
        return prometheus != null ? prometheus
                : (name, description, buckets, tags) -> summary(registry, name, description, buckets, tags)::record;
    }

    /**
     * Limitation: Micrometer (1.16) rounds a value up to a whole number before it finds its bucket among the service
     * level objectives, so every duration under a second is counted in the 1.0 bucket (count and sum are right). The
     * byte sizes, whole numbers, are bucketed correctly.
     */
    private static DistributionSummary summary(MeterRegistry registry, String name, String description,
            double[] buckets, String... tags) {
        return DistributionSummary.builder(name).description(description).tags(tags).serviceLevelObjectives(buckets)
                .register(registry);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, MicrometerGCacheMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public boolean timed() {
        return true;
    }

    @Override
    public void request(UseCase useCase, CacheLayer layer) {
        Meters m = meters(useCase, layer);
        Counter c = m.requests[layer.ordinal()];
        (c != null ? c : m.requestLocal().requests[layer.ordinal()]).increment();
    }

    @Override
    public void miss(UseCase useCase, CacheLayer layer, MissReason reason) {
        Meters m = meters(useCase, layer);
        Counter c = m.misses[layer.ordinal()][reason.ordinal()];
        (c != null ? c : m.requestLocal().misses[layer.ordinal()][reason.ordinal()]).increment();
    }

    @Override
    public void coalesced(UseCase useCase, CoalescingScope scope) {
        Counter c = byUseCase[useCase.index()].coalesced[scope.ordinal()];
        (c != null ? c : byUseCase[useCase.index()].requestLocal().coalesced[scope.ordinal()]).increment();
    }

    @Override
    public void disabled(UseCase useCase, CacheLayer layer, DisabledReason reason) {
        byUseCase[useCase.index()].disabled[layer.ordinal()][reason.ordinal()].increment();
    }

    @Override
    public void error(UseCase useCase, CacheLayer layer, Throwable error, boolean inFallback) {
        Meters m = byUseCase[useCase.index()];
        String name = errorLabel(error.getClass());
        // Python writes the flag as str(bool): "True" / "False".
        String fallback = inFallback ? "True" : "False";
        errors.computeIfAbsent(m.useCase + '\0' + layer + '\0' + name + '\0' + fallback,
                k -> Counter.builder(prefix + "gcache_error_counter").description("Cache error counter")
                        .tags("use_case", m.useCase, "key_type", m.keyType, "layer", layer.name(), "error", name,
                                "in_fallback", fallback)
                        .register(registry))
                .increment();
    }

    /**
     * The exception's simple class name, as Python labels {@code type(e).__name__}. An anonymous class has an empty
     * simple name: it is labelled by the class it extends ({@code new IllegalStateException() {}} is
     * {@code IllegalStateException}).
     */
    static String errorLabel(Class<?> type) {
        Class<?> c = type;
        while (c.isAnonymousClass()) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }

    @Override
    public void getTime(UseCase useCase, CacheLayer layer, long nanos) {
        Meters m = meters(useCase, layer);
        DoubleConsumer g = m.gets[layer.ordinal()];
        (g != null ? g : m.requestLocal().gets[layer.ordinal()]).accept(nanos / 1e9);
    }

    @Override
    public void fallbackTime(UseCase useCase, CacheLayer layer, long nanos) {
        meters(useCase, layer).fallbacks[layer.ordinal()].accept(nanos / 1e9);
    }

    @Override
    public void serializationTime(UseCase useCase, boolean dump, long nanos) {
        Meters m = byUseCase[useCase.index()];
        (dump ? m.dump : m.load).accept(nanos / 1e9);
    }

    @Override
    public void size(UseCase useCase, long bytes) {
        byUseCase[useCase.index()].size.accept(bytes);
    }

    @Override
    public void staleRecovery(UseCase useCase, StaleOutcome outcome, double ageSeconds) {
        Meters m = byUseCase[useCase.index()];
        if (m.staleRecoveries == null) {
            return; // not configured at start: the engine has no recovery for it
        }
        m.staleRecoveries[outcome.ordinal()].increment();
        if (outcome == StaleOutcome.SERVED) {
            m.staleAge.accept(ageSeconds);
        }
    }

    /**
     * The use case's meters; for {@code REMOTE_SHADOW}, with its shadow meters registered (REQUEST_LOCAL's are
     * registered by the caller when it finds them missing: see {@link Meters#requestLocal()}).
     */
    private Meters meters(UseCase useCase, CacheLayer layer) {
        Meters m = byUseCase[useCase.index()];
        if (layer == CacheLayer.REMOTE_SHADOW) {
            m.shadow();
        }
        return m;
    }

    @Override
    public void serializationTime(UseCase useCase, CacheLayer layer, boolean dump, long nanos) {
        if (layer != CacheLayer.REMOTE_SHADOW) {
            serializationTime(useCase, dump, nanos);
            return;
        }
        ShadowMeters s = byUseCase[useCase.index()].shadow();
        (dump ? s.dump : s.load).accept(nanos / 1e9);
    }

    @Override
    public void size(UseCase useCase, CacheLayer layer, long bytes) {
        if (layer != CacheLayer.REMOTE_SHADOW) {
            size(useCase, bytes);
            return;
        }
        byUseCase[useCase.index()].shadow().size.accept(bytes);
    }

    @Override
    public void shadow(UseCase useCase, ShadowOutcome outcome) {
        byUseCase[useCase.index()].shadow().outcomes[outcome.ordinal()].increment();
    }

    @Override
    public void shadowAge(UseCase useCase, ShadowOutcome outcome, double seconds) {
        DoubleConsumer age = byUseCase[useCase.index()].shadow().ages[outcome.ordinal()];
        if (age != null) {
            age.accept(seconds);
        }
    }

    @Override
    public void invalidation(String keyType, CacheLayer layer) {
        invalidationCounter(keyType, layer).increment();
    }

    private Counter invalidationCounter(String keyType, CacheLayer layer) {
        return invalidations.computeIfAbsent(keyType + '\0' + layer,
                k -> Counter.builder(prefix + "gcache_invalidation_counter").description("Cache invalidation counter")
                        .tags("key_type", keyType, "layer", layer.name()).register(registry));
    }
}
