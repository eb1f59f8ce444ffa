package io.quarkiverse.gcache.runtime.shadow;

import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.GCacheShadowComparator;

/**
 * Whether the value a REMOTE hit served and the method's value now are the same (SPEC §12): the use case's
 * {@link GCacheShadowComparator} when it names one; else {@code equals} when the value's class overrides it (records,
 * strings, collections); else the two values' JSON trees, written by the application's mapper, so a plain bean
 * class with identity {@code equals} is compared by what it holds.
 */
final class ShadowEquality {

    /** Whether a class overrides {@code Object.equals}, found once per class. */
    private static final ClassValue<Boolean> OVERRIDES_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    private final GCacheShadowComparator<Object> comparator;
    private final ObjectMapper mapper;

    ShadowEquality(GCacheShadowComparator<Object> comparator, ObjectMapper mapper) {
        this.comparator = comparator;
        this.mapper = mapper;
    }

    /** Throws what the comparator or the mapper throws: the check is then a {@code comparison_error}. */
    boolean same(Object cached, Object current) {
        if (comparator != null) {
            return comparator.same(cached, current);
        }
        if (cached == null || current == null) {
            return cached == current;
        }
        if (OVERRIDES_EQUALS.get(cached.getClass())) {
            return Objects.equals(cached, current);
        }
        return mapper.valueToTree(cached).equals(mapper.valueToTree(current));
    }
}
