package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheShadowComparator;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.InvalidShadowComparatorException;
import io.quarkiverse.gcache.deployment.validation.InvalidShadowRampException;
import io.quarkiverse.gcache.deployment.validation.ShadowComparatorTypeMismatchException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Shadow validation's annotation members are checked at build time: a ramp in 0..100, a comparator GCache can create
 * whose type argument takes the value type (the {@code T} of a {@code Uni<T>}; a supertype fits).
 */
class ShadowDeclarationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Shadowed.class, Numbers.class, Anything.class,
                    NotCreatable.class))
            .assertException(t -> {
                BuildErrors.several(t, 3);

                InvalidShadowRampException ramp = BuildErrors.forMethod(t, InvalidShadowRampException.class,
                        Shadowed.class, "tooHigh");
                BuildErrors.assertNamesAndFix(ramp, Shadowed.class, "tooHigh",
                        "give the share of keys whose REMOTE hits shadow validation checks, from 0 (off) to 100");
                assertThat(ramp).hasMessageStartingWith("the shadowRamp 101 is not between 0 and 100");

                ShadowComparatorTypeMismatchException type = BuildErrors.forMethod(t,
                        ShadowComparatorTypeMismatchException.class, Shadowed.class, "wrongType");
                BuildErrors.assertNamesAndFix(type, Shadowed.class, "wrongType",
                        "use a comparator of java.lang.String (GCacheShadowComparator<java.lang.String>) or of one "
                                + "of its supertypes");
                assertThat(type).hasMessageStartingWith("the shadowComparator " + Numbers.class.getName()
                        + " compares java.lang.Integer, but the method's value type is java.lang.String");

                InvalidShadowComparatorException creatable = BuildErrors.forMethod(t,
                        InvalidShadowComparatorException.class, Shadowed.class, "notCreatable");
                assertThat(creatable).hasMessageContaining(NotCreatable.class.getName());
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public static class Numbers implements GCacheShadowComparator<Integer> {
        @Override
        public boolean same(Integer cached, Integer current) {
            return cached.equals(current);
        }
    }

    /** Fits any value type: no error for {@code fits} and {@code fitsUni}. */
    public static class Anything implements GCacheShadowComparator<Object> {
        @Override
        public boolean same(Object cached, Object current) {
            return true;
        }
    }

    /** Neither a bean nor public with a no-argument constructor. */
    static class NotCreatable implements GCacheShadowComparator<String> {
        NotCreatable(int ignored) {
        }

        @Override
        public boolean same(String cached, String current) {
            return true;
        }
    }

    @ApplicationScoped
    static class Shadowed {

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h"), shadowRamp = 101)
        public String tooHigh(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h"), shadowComparator = Numbers.class)
        public String wrongType(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h"), shadowComparator = NotCreatable.class)
        public String notCreatable(@GCacheId String userId) {
            return userId;
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h"), shadowComparator = Anything.class)
        public List<String> fits(@GCacheId String userId) {
            return List.of(userId);
        }

        @GCached(keyType = "user_id", remote = @GCached.Layer(ttl = "1h"), shadowComparator = Numbers.class)
        public Uni<Integer> fitsUni(@GCacheId String userId) {
            return Uni.createFrom().item(1);
        }
    }
}
