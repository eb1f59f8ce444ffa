package io.quarkiverse.gcache.deployment;

import java.util.Set;

import org.jboss.jandex.DotName;

import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheCodec;
import io.quarkiverse.gcache.GCacheShadowComparator;
import io.quarkiverse.gcache.GCacheConfigProvider;
import io.quarkiverse.gcache.GCacheStaleRecoveryPolicy;
import io.quarkiverse.gcache.GCacheEnabled;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCached;

/** The names the build looks for in the index. */
final class GCacheDotNames {

    static final DotName GCACHED = DotName.createSimple(GCached.class);
    static final DotName GCACHE_ID = DotName.createSimple(GCacheId.class);
    static final DotName GCACHE_ARG = DotName.createSimple(GCacheArg.class);
    static final DotName GCACHE_IGNORE = DotName.createSimple(GCacheIgnore.class);
    static final DotName GCACHE_INVALIDATE = DotName.createSimple(GCacheInvalidate.class);
    static final DotName GCACHE_INVALIDATE_LIST = DotName.createSimple(GCacheInvalidate.List.class);
    static final DotName GCACHE_ENABLED = DotName.createSimple(GCacheEnabled.class);
    static final DotName GCACHE_KEY_ADAPTER = DotName.createSimple(GCacheKeyAdapter.class);
    static final DotName GCACHE_CONFIG_PROVIDER = DotName.createSimple(GCacheConfigProvider.class);
    static final DotName GCACHE_CODEC = DotName.createSimple(GCacheCodec.class);
    static final DotName GCACHE_STALE_RECOVERY_POLICY = DotName.createSimple(GCacheStaleRecoveryPolicy.class);
    static final DotName GCACHE_SHADOW_COMPARATOR = DotName.createSimple(GCacheShadowComparator.class);

    static final DotName OBJECT = DotName.createSimple(Object.class);
    static final DotName STRING = DotName.createSimple(String.class);
    static final DotName UNI = DotName.createSimple("io.smallrye.mutiny.Uni");
    static final DotName MULTI = DotName.createSimple("io.smallrye.mutiny.Multi");
    static final DotName COMPLETION_STAGE = DotName.createSimple("java.util.concurrent.CompletionStage");
    static final DotName COMPLETABLE_FUTURE = DotName.createSimple("java.util.concurrent.CompletableFuture");
    static final Set<DotName> PUBLISHERS = Set.of(DotName.createSimple("org.reactivestreams.Publisher"),
            DotName.createSimple("java.util.concurrent.Flow$Publisher"));

    /** Whose {@code equals} agrees with their key string, so the LOCAL key may hold the value itself. */
    static final Set<DotName> VALUE_KEYS = Set.of(STRING,
            DotName.createSimple(Integer.class), DotName.createSimple(Long.class), DotName.createSimple(Short.class),
            DotName.createSimple(Byte.class), DotName.createSimple(Boolean.class), DotName.createSimple(Character.class),
            DotName.createSimple(Double.class), DotName.createSimple(Float.class),
            DotName.createSimple(java.math.BigInteger.class), DotName.createSimple(java.math.BigDecimal.class),
            DotName.createSimple(java.util.UUID.class));

    /** The containers a key part's type is checked against (subclasses included), and rendered element by element. */
    static final DotName LIST = DotName.createSimple(java.util.List.class);
    static final DotName MAP = DotName.createSimple(java.util.Map.class);
    static final DotName COLLECTION = DotName.createSimple(java.util.Collection.class);
    static final DotName OPTIONAL = DotName.createSimple(java.util.Optional.class);

    /** Mutable holders whose {@code toString()} is their value's, not the value's key string. */
    static final Set<DotName> MUTABLE_HOLDERS = Set.of(
            DotName.createSimple(java.util.concurrent.atomic.AtomicReference.class));

    /** Collections whose order is not part of their value. */
    static final Set<DotName> UNORDERED = Set.of(DotName.createSimple(java.util.Set.class),
            DotName.createSimple(java.util.HashSet.class), DotName.createSimple(java.util.LinkedHashSet.class),
            DotName.createSimple(java.util.TreeSet.class), DotName.createSimple(java.util.SortedSet.class),
            DotName.createSimple(java.util.Collection.class), DotName.createSimple(java.lang.Iterable.class),
            DotName.createSimple(java.util.Queue.class), DotName.createSimple(java.util.Deque.class));

    private GCacheDotNames() {
    }
}
