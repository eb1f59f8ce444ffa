package io.quarkiverse.gcache.runtime.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;

/**
 * GCache's histograms as Prometheus client classic histograms, registered straight into the collector registry of
 * Micrometer's {@link PrometheusMeterRegistry}, so {@code /q/metrics} shows them next to the Micrometer meters.
 * <p>
 * Why not Micrometer: a {@code DistributionSummary} with service level objectives rounds every value up to a whole
 * number before bucketing it, so every sub-second duration lands in {@code le="1.0"}; a {@code Timer} buckets
 * correctly but the registry names it {@code <name>_seconds}, not the Python GCache's {@code gcache_get_timer}. A
 * Prometheus histogram has exactly the Python library's name, labels, buckets and exposition.
 * <p>
 * The only class of GCache that touches Prometheus types: {@link MicrometerGCacheMetrics} loads it only when they are
 * on the class path. Micrometer's meter filters (common tags, denials) do not apply to these series.
 */
final class PrometheusHistograms implements MicrometerGCacheMetrics.Histograms {

    private final CollectorRegistry collectors;
    private final NamingConvention naming;
    /** Families by name; a family's labelled series are resolved once, at start-up. */
    private final Map<String, Histogram> families = new HashMap<>();
    private final Map<String, String[]> labelNames = new HashMap<>();

    private PrometheusHistograms(PrometheusMeterRegistry prometheus) {
        this.collectors = prometheus.getPrometheusRegistry();
        this.naming = prometheus.config().namingConvention();
    }

    /**
     * For {@code registry} if it is the Prometheus registry, or for the one of a composite; null if there is none.
     * Quarkus adds its registries to the application's composite only after GCache has started: then the composite
     * is still empty, and the Prometheus registry is the CDI bean that will be added to it.
     */
    static MicrometerGCacheMetrics.Histograms of(MeterRegistry registry) {
        PrometheusMeterRegistry prometheus = find(registry);
        return prometheus == null ? null : new PrometheusHistograms(prometheus);
    }

    private static PrometheusMeterRegistry find(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus;
        }
        if (!(registry instanceof CompositeMeterRegistry composite)) {
            return null;
        }
        for (MeterRegistry child : composite.getRegistries()) {
            if (child instanceof PrometheusMeterRegistry prometheus) {
                return prometheus;
            }
        }
        ArcContainer arc = Arc.container();
        if (arc == null) {
            return null;
        }
        InstanceHandle<PrometheusMeterRegistry> bean = arc.instance(PrometheusMeterRegistry.class);
        return bean.isAvailable() ? bean.get() : null;
    }

    @Override
    public DoubleConsumer histogram(String name, String help, double[] buckets, String... tags) {
        // the labels in alphabetical order, as Micrometer writes them
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            labels.put(naming.tagKey(tags[i]), tags[i + 1]);
        }
        String[] names = labels.keySet().toArray(String[]::new);
        String fullName = naming.name(name, Meter.Type.DISTRIBUTION_SUMMARY);
        Histogram family = families.computeIfAbsent(fullName, n -> {
            labelNames.put(n, names);
            Histogram histogram = Histogram.build(n, help).labelNames(names).buckets(buckets).withoutExemplars()
                    .create();
            new WithoutCreated(histogram).register(collectors);
            return histogram;
        });
        if (!Arrays.equals(labelNames.get(fullName), names)) {
            throw new IllegalStateException(fullName + ": labels " + Arrays.toString(names) + ", not "
                    + Arrays.toString(labelNames.get(fullName)));
        }
        return family.labels(labels.values().toArray(String[]::new))::observe;
    }

    /**
     * A histogram family without its {@code <name>_created} samples: the client adds them, Micrometer's meters (and
     * so the exposition so far) do not have them, and promtool flags them as series without HELP.
     */
    private static final class WithoutCreated extends Collector implements Collector.Describable {
        private final Histogram histogram;

        WithoutCreated(Histogram histogram) {
            this.histogram = histogram;
        }

        @Override
        public List<MetricFamilySamples> collect() {
            List<MetricFamilySamples> families = histogram.collect();
            List<MetricFamilySamples> withoutCreated = new ArrayList<>(families.size());
            for (MetricFamilySamples family : families) {
                List<MetricFamilySamples.Sample> samples = new ArrayList<>(family.samples.size());
                for (MetricFamilySamples.Sample sample : family.samples) {
                    if (!sample.name.endsWith("_created")) {
                        samples.add(sample);
                    }
                }
                withoutCreated.add(new MetricFamilySamples(family.name, family.unit, family.type, family.help, samples));
            }
            return withoutCreated;
        }

        @Override
        public List<MetricFamilySamples> describe() {
            return histogram.describe();
        }
    }
}
