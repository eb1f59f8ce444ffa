package io.quarkiverse.gcache.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Default;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.GCacheCodec;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheStaleRecoveryPolicy;
import io.quarkiverse.gcache.GCacheShadowComparator;
import io.quarkiverse.gcache.runtime.config.RedisConfigSource;
import io.quarkiverse.gcache.runtime.config.SettingsReader;
import io.quarkiverse.gcache.runtime.config.StartupChecks;
import io.quarkiverse.gcache.runtime.metrics.MicrometerGCacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.gcache.runtime.config.GCacheRuntimeConfig;
import io.quarkiverse.gcache.runtime.devui.DevUiCounters;
import io.quarkiverse.gcache.runtime.remote.NodeClients;
import io.quarkiverse.gcache.runtime.remote.PayloadCodec;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.quarkiverse.gcache.runtime.remote.RedisOptionsCapture;
import io.quarkiverse.gcache.runtime.remote.RemoteSetup;
import io.quarkiverse.gcache.runtime.shadow.StaleOnErrorRule;
import io.quarkiverse.gcache.runtime.shadow.ShadowSetup;
import io.quarkiverse.gcache.runtime.spec.ReturnKind;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Turns the build's use case specs into the engine at run time, and binds the cached methods to it. */
@Recorder
public class GCacheRecorder {

    private static final Logger LOG = Logger.getLogger(GCacheRecorder.class);

    public Supplier<GCacheEngine> engine(List<UseCaseSpec> specs, String clientName, boolean micrometer) {
        return () -> {
            Config config = ConfigProvider.getConfig();
            GCacheRuntimeConfig gcache = config.unwrap(SmallRyeConfig.class).getConfigMapping(GCacheRuntimeConfig.class);
            ArcContainer arc = Arc.container();
            InstanceHandle<GCacheConfigProvider> provider = arc.instance(GCacheConfigProvider.class);
            InstanceHandle<GCacheStaleRecoveryPolicy> policy = arc.instance(GCacheStaleRecoveryPolicy.class);
            Map<String, StaleOnErrorRule> staleOnError = StaleOnErrorRule.read(config, specs,
                    policy.isAvailable() ? policy.get() : null);
            GCacheMetrics metrics = micrometer
                    ? new MicrometerGCacheMetrics(arc.instance(MeterRegistry.class).get(),
                            gcache.metrics().prefix().orElse(""), specs, staleOnError.keySet(),
                            spec -> SettingsReader.requestLocalAtStart(config, spec),
                            spec -> shadowConfigured(config, spec))
                    : GCacheMetrics.NONE;
            if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
                metrics = new DevUiCounters(metrics, specs.size()); // the Dev UI's requests, hits and misses
            }
            RemoteSetup remote = remote(config, gcache, clientName, staleOnError);
            long localMaxSize = gcache.local().maxSize();
            GCacheEngine engine = new GCacheEngine(specs, gcache.keyPrefix(), gcache.maxKeyLength(),
                    spec -> SettingsReader.localMaxSize(config, spec.getUseCase(), localMaxSize), config, remote,
                    provider.isAvailable() ? provider.get() : null,
                    GCacheRecorder::instantiate, BlockingOperationControl::isBlockingAllowed, metrics);
            engine.start();
            RedisConfigSource.Poller poller = remote != null && gcache.remote().configSource()
                    ? new RedisConfigSource.Poller(remote.layer(), engine.keyspace())
                    : null;
            if (poller != null) {
                poller.poll();
                engine.refreshSettings(ConfigProvider.getConfig());
            }
            StartupChecks.warnAboutUnknownUseCases(ConfigProvider.getConfig(), specs);
            StartupChecks.logUseCasesWithoutTtl(engine.settings(), specs, provider.isAvailable());
            engine.startHousekeeping(gcache.configRefresh(), ConfigProvider::getConfig, poller == null ? () -> {
            } : poller::poll);
            return engine;
        };
    }

    /**
     * Fails the start when a GCache value of the application's static configuration cannot be read; run before the
     * engine is created (SPEC §14).
     */
    public void failOnUnreadableStaticValues(List<UseCaseSpec> specs) {
        StartupChecks.failOnUnreadableStaticValues(ConfigProvider.getConfig(), specs);
    }

    /**
     * Creates the engine at start (so REMOTE subscribes at once), binds the cached methods' call sites to it, and
     * unbinds them and stops it at shutdown.
     */
    public void startAndStopWith(ShutdownContext shutdown, List<String> callSiteClasses) {
        GCacheEngine engine = Arc.container().instance(GCacheEngine.class).get();
        List<GCacheCallSite> sites = new ArrayList<>();
        for (String className : callSiteClasses) {
            try {
                Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
                sites.add((GCacheCallSite) type.getField("INSTANCE").get(null));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("GCache cannot load the call site " + className, e);
            }
        }
        sites.forEach(site -> site.bind(engine));
        shutdown.addShutdownTask(() -> {
            sites.forEach(GCacheCallSite::unbind);
            engine.stop();
        });
    }

    /** REMOTE's setup when the Redis client GCache uses has hosts configured, else {@code null} (LOCAL only). */
    private static RemoteSetup remote(Config config, GCacheRuntimeConfig gcache, String clientName,
            Map<String, StaleOnErrorRule> staleOnError) {
        String client = clientName == null ? "default" : "\"" + clientName + "\"";
        if (!hostsConfigured(config, clientName)) {
            LOG.infof("GCache runs LOCAL only: the %s Redis client has no hosts configured", client);
            return null;
        }
        LOG.infof("GCache uses the %s Redis client for REMOTE", client);
        ArcContainer arc = Arc.container();
        Redis redis = (clientName == null ? arc.instance(Redis.class, Default.Literal.INSTANCE)
                : arc.instance(Redis.class, RedisClientName.Literal.of(clientName))).get();
        ObjectMapper mapper = arc.instance(ObjectMapper.class).get();
        List<GCacheCodec> custom = arc.select(GCacheCodec.class).stream().toList();
        Function<UseCaseSpec, PayloadCodec> codecs = spec -> {
            Type valueType = valueType(spec);
            if (GenericTypes.unreadable(valueType)) {
                LOG.warnf("GCache keeps use case %s out of REMOTE: it returns %s, which names no type to read back",
                        spec.getUseCase(), valueType.getTypeName());
                return PayloadCodec.custom(GenericTypes.unreadable(spec.getUseCase(), valueType), valueType);
            }
            for (GCacheCodec codec : custom) {
                if (codec.handles(spec.getUseCase())) {
                    return PayloadCodec.custom(codec, valueType);
                }
            }
            return PayloadCodec.json(mapper, valueType);
        };
        RedisGateway layer = new RedisGateway(redis, gcache.remote().timeout(), gcache.remote().breakerFailures(),
                gcache.remote().breakerDelay());
        ShadowSetup shadow = new ShadowSetup(gcache.shadow().maxInFlight(), GCacheRecorder::shadowComparator, mapper,
                null);
        return new RemoteSetup(layer, codecs, gcache.remote().maxValueSize().asLongValue(),
                gcache.watermarkTtl().toMillis(), gcache.remote().subscriptionPingInterval(),
                gcache.remote().subscriptionPingTimeout(), database(config, clientName),
                gcache.remote().enableKeyspaceEvents(), staleOnError, shadow, clusterNodes(arc, clientName));
    }

    /**
     * On a Redis Cluster, how GCache reaches each master with the options Quarkus built the client from (captured when
     * the client was created, above); {@code null} otherwise.
     */
    private static NodeClients clusterNodes(ArcContainer arc, String clientName) {
        RedisOptions options = arc.instance(RedisOptionsCapture.class).get().options(clientName);
        return NodeClients.of(arc.instance(Vertx.class).get(), options);
    }

    /** The database of the client's first host ({@code redis://host:port/<db>}), 0 when it names none. */
    static int database(Config config, String clientName) {
        String property = clientName == null ? "quarkus.redis.hosts" : "quarkus.redis." + clientName + ".hosts";
        String hosts = config.getOptionalValue(property, String.class)
                .or(() -> config.getOptionalValue("quarkus.redis.\"" + clientName + "\".hosts", String.class))
                .orElse("");
        String first = hosts.split(",")[0].trim();
        int slash = first.indexOf('/', first.indexOf("//") + 2);
        if (first.indexOf("//") < 0 || slash < 0) {
            return 0;
        }
        String path = first.substring(slash + 1);
        int end = 0;
        while (end < path.length() && Character.isDigit(path.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(path.substring(0, end));
    }

    /** The use case's shadow comparator (a bean, else a new instance), or {@code null} for the default equality. */
    @SuppressWarnings("unchecked")
    private static GCacheShadowComparator<Object> shadowComparator(UseCaseSpec spec) {
        return spec.getShadowComparator() == null ? null
                : (GCacheShadowComparator<Object>) instantiate(spec.getShadowComparator());
    }

    /**
     * Whether shadow validation is configured for the use case at start (its annotation, or a static or dynamic
     * property sets a ramp): its shadow series are registered then, so a rate is defined before the first check.
     */
    private static boolean shadowConfigured(Config config, UseCaseSpec spec) {
        if (spec.getShadowRamp() > 0) {
            return true;
        }
        for (String name : List.of("quarkus.gcache.use-case.\"" + spec.getUseCase() + "\".shadow.ramp",
                "quarkus.gcache.use-case." + spec.getUseCase() + ".shadow.ramp")) {
            String value = config.getConfigValue(name).getValue();
            if (value != null && !value.isBlank() && !value.trim().equals("0")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hostsConfigured(Config config, String clientName) {
        List<String> prefixes = clientName == null ? List.of("quarkus.redis.")
                : List.of("quarkus.redis.\"" + clientName + "\".", "quarkus.redis." + clientName + ".");
        for (String prefix : prefixes) {
            for (String property : List.of("hosts", "hosts-provider-name")) {
                String value = config.getConfigValue(prefix + property).getValue();
                if (value != null && !value.isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The cached value's generic type: the return type, or the {@code T} of {@code Uni<T>} / {@code CompletionStage<T>},
     * with the type variables the bean class binds replaced ({@code T} of {@code Repo<T>} is {@code User} in
     * {@code UserRepo extends Repo<User>}).
     */
    private static Type valueType(UseCaseSpec spec) {
        if (spec.isProgrammatic()) {
            return TypeNames.parse(spec.getValueType()); // a GCacheHandle's T: no method to reflect on
        }
        Method method = MethodKeys.findMethod(spec.getMethodKey());
        Type type = GenericTypes.resolve(method.getGenericReturnType(), method.getDeclaringClass(),
                MethodKeys.load(spec.getBeanClass() == null ? spec.getDeclaringClass() : spec.getBeanClass()));
        if (spec.getReturnKind() != ReturnKind.PLAIN) {
            type = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        }
        return type;
    }

    /** A generated property reader, or an adapter: the bean if there is one, else a new instance. */
    private static Object instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            InstanceHandle<?> bean = Arc.container().instance(type);
            if (bean.isAvailable()) {
                return bean.get();
            }
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("GCache cannot create " + className, e);
        }
    }
}
