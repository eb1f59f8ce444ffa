package io.quarkiverse.gcache.deployment;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;
import org.jboss.logging.Logger;

import io.quarkiverse.gcache.deployment.GCacheUseCasesBuildItem.CachedMethod;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

/**
 * Warns about REMOTE use cases whose declared value type holds {@code Object}: through JSON such a value comes back
 * as maps, lists, strings and numbers of Jackson's choosing (a record as a {@code Map}, a {@code Long} as an
 * {@code Integer}, a {@code BigDecimal} as a {@code Double}), so code that works on a miss fails on a hit.
 * <p>
 * Only use cases whose annotation turns REMOTE on are checked: configuration can turn REMOTE on for any use case at
 * run time, but warning for every LOCAL-only {@code Map<String, Object>} would be noise (the guide says so).
 */
class ValueTypeWarnings {

    private static final Logger LOG = Logger.getLogger(ValueTypeWarnings.class);

    /**
     * A warning, not an error: the build goes on. The producer is declared, never used, because Quarkus runs only
     * the build steps that declare an item someone consumes.
     */
    @BuildStep
    void warnLossyRemoteValueTypes(GCacheUseCasesBuildItem useCases, CombinedIndexBuildItem combinedIndex,
            BuildProducer<ValidationErrorBuildItem> unused) {
        for (CachedMethod cached : useCases.getMethods()) {
            if (Durations.parse(cached.spec().getRemoteTtl()).isZero()) {
                continue;
            }
            MethodInfo method = cached.method();
            // as the bean binds it: List<T> inherited by a Repo<Map<String, Object>> is lossy
            Type value = valueType(BoundTypes.bind(method.returnType(), method.declaringClass(), cached.bean(),
                    combinedIndex.getComputingIndex()));
            if (holdsObject(value)) {
                LOG.warnf("GCache: the value type %s of use case %s [class=%s, method=%s] holds Object, which does not "
                        + "come back from Redis as it went in (a record comes back as a Map, a Long as an Integer, a "
                        + "BigDecimal as a Double, an Instant as a String). Declare the type precisely (a record, "
                        + "Map<String, Price>), or keep the use case out of REMOTE; see \"Values in Redis\" in the guide",
                        value, cached.spec().getUseCase(), cached.bean().name(), method.name());
            }
        }
    }

    /** The cached value's type: the return type, or the {@code T} of {@code Uni<T>} / {@code CompletionStage<T>}. */
    private static Type valueType(Type returnType) {
        DotName name = returnType.name();
        boolean async = name.equals(GCacheDotNames.UNI) || name.equals(GCacheDotNames.COMPLETION_STAGE)
                || name.equals(GCacheDotNames.COMPLETABLE_FUTURE);
        if (!async) {
            return returnType;
        }
        return returnType.kind() == Type.Kind.PARAMETERIZED_TYPE ? returnType.asParameterizedType().arguments().get(0)
                : ClassType.OBJECT_TYPE;
    }

    /**
     * Whether {@code type} is or contains {@code Object}: {@code Object}, an unbounded wildcard, a raw collection,
     * map or {@code Optional}, or a container or array of one. A type variable is left alone: what it stands for is
     * resolved per bean elsewhere.
     */
    static boolean holdsObject(Type type) {
        return switch (type.kind()) {
            case CLASS -> type.name().equals(GCacheDotNames.OBJECT) || isRawContainer(type.name());
            case ARRAY -> holdsObject(type.asArrayType().elementType());
            case PARAMETERIZED_TYPE -> type.asParameterizedType().arguments().stream()
                    .anyMatch(ValueTypeWarnings::holdsObject);
            // ? and ? super X read as Object; ? extends X as X.
            case WILDCARD_TYPE -> type.asWildcardType().superBound() != null
                    || holdsObject(type.asWildcardType().extendsBound());
            default -> false;
        };
    }

    private static boolean isRawContainer(DotName name) {
        if (!name.toString().startsWith("java.util.")) {
            return false;
        }
        try {
            Class<?> c = Class.forName(name.toString(), false, ValueTypeWarnings.class.getClassLoader());
            return Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c == Optional.class;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
