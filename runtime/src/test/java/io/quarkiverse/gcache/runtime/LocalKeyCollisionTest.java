package io.quarkiverse.gcache.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.runtime.key.LocalKey;

/** Different arguments never share a LOCAL key (SPEC §15); LOCAL keys are compared by value, not as URNs. */
class LocalKeyCollisionTest {

    record Filters(String status, String sort) {
    }

    /** A key part of a rendered type (list, record), as the build makes one for a parameter at position 0. */
    private static final KeyPart RENDERED = new KeyPart("arg", 0, null, null, false);
    /** A key part of a type whose equals matches its key string (String), held as it is. */
    private static final KeyPart VALUE = new KeyPart("arg", 0, null, null, true);

    private static LocalKey key(KeyPart part, Object argument) {
        return new LocalKey("7", new Object[] { part.argument(new Object[] { argument }) });
    }

    @Test
    void nullIsNotTheStringNull() {
        assertThat(key(VALUE, null)).isNotEqualTo(key(VALUE, "null"));
        assertThat(key(RENDERED, null)).isNotEqualTo(key(RENDERED, List.of("null")));
    }

    @Test
    void aListHoldingNullIsNotAListHoldingTheStringNull() {
        assertThat(key(RENDERED, Arrays.asList((String) null))).isNotEqualTo(key(RENDERED, List.of("null")));
        assertThat(key(RENDERED, Arrays.asList((String) null))).isEqualTo(key(RENDERED, Arrays.asList((String) null)));
    }

    @Test
    void recordsWhoseToStringsCoincideAreDifferentKeys() {
        assertThat(key(RENDERED, new Filters("active, sort=name", "date")))
                .isNotEqualTo(key(RENDERED, new Filters("active", "name, sort=date")));
        assertThat(key(RENDERED, new Filters("a", "b"))).isEqualTo(key(RENDERED, new Filters("a", "b")));
    }

    @Test
    void loneSurrogatesAreDifferentKeys() {
        assertThat(key(VALUE, "\uD800")).isNotEqualTo(key(VALUE, "\uDC00")).isNotEqualTo(key(VALUE, "?"));
    }
}
