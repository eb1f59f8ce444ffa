package io.quarkiverse.gcache.runtime.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheKeyConfig;

/** Equality of a served value and the method's value now: equals when overridden, else JSON trees. */
class ShadowEqualityTest {

    private final ShadowEquality equality = new ShadowEquality(null, new ObjectMapper());

    record Profile(String name) {
    }

    /** A bean class with identity equals. */
    public static class Bean {
        public String name;

        Bean(String name) {
            this.name = name;
        }
    }

    /** An equals that ignores everything: it is trusted as the class's own. */
    public static class Lenient {
        public String name;

        Lenient(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lenient;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @Test
    void anOverriddenEqualsDecides() {
        assertThat(equality.same(new Profile("a"), new Profile("a"))).isTrue();
        assertThat(equality.same(new Profile("a"), new Profile("b"))).isFalse();
        assertThat(equality.same(List.of("a"), List.of("a"))).isTrue();
        assertThat(equality.same(new Lenient("a"), new Lenient("b"))).isTrue();
    }

    @Test
    void identityEqualsIsReplacedByTheJsonTrees() {
        assertThat(equality.same(new Bean("a"), new Bean("a"))).isTrue();
        assertThat(equality.same(new Bean("a"), new Bean("b"))).isFalse();
    }

    @Test
    void nullsAreEqualOnlyToNull() {
        assertThat(equality.same(null, null)).isTrue();
        assertThat(equality.same(null, "a")).isFalse();
        assertThat(equality.same("a", null)).isFalse();
    }

    @Test
    void aComparatorDecidesAndItsExceptionComesOut() {
        ShadowEquality blind = new ShadowEquality((a, b) -> String.valueOf(a).equalsIgnoreCase(String.valueOf(b)),
                new ObjectMapper());
        assertThat(blind.same("Ann", "ANN")).isTrue();
        ShadowEquality broken = new ShadowEquality((a, b) -> {
            throw new IllegalStateException("broken");
        }, new ObjectMapper());
        assertThatThrownBy(() -> broken.same("a", "b")).hasMessage("broken");
    }

    @Test
    void aKeyConfigRefusesTheShadowLayer() {
        assertThat(CacheLayer.REMOTE_SHADOW.configurable()).isFalse();
        assertThat(CacheLayer.values()).containsSubsequence(CacheLayer.REMOTE, CacheLayer.REMOTE_SHADOW);
        assertThatThrownBy(() -> GCacheKeyConfig.empty().with(CacheLayer.REMOTE_SHADOW, Duration.ofSeconds(1), 100))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
