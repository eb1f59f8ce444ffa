package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnstableKeyPartException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * SPEC §15: a key part is stable only if its type arguments are: {@code Optional<Set<X>>} is as unstable as
 * {@code Set<X>}, at any depth, and so is a generic class that renders itself by its own {@code toString()} around an
 * unstable type argument.
 */
class UnstableTypeArgumentTest {

    private static final String FIX = "give it an adapter (@GCacheArg(adapter = X.class) or @GCacheId(adapter = X.class)),"
            + " point a property path at a stable value, or leave it out with @GCacheIgnore";
    private static final String SET = "an unordered collection (java.util.Set) has no stable string form";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Bean.class, Holder.class))
            .assertException(t -> {
                BuildErrors.several(t, 4);
                assertUnstable(t, "optionalOfSet",
                        "parameter tags of type java.util.Optional<java.util.Set<java.lang.String>>",
                        "an element of java.util.Optional<java.util.Set<java.lang.String>>: " + SET);
                assertUnstable(t, "mapOfOptionalSet",
                        "parameter tags of type java.util.Map<java.lang.String, java.util.Optional<java.util.Set<java.lang.Long>>>",
                        "an element of java.util.Map<java.lang.String, java.util.Optional<java.util.Set<java.lang.Long>>>: "
                                + "an element of java.util.Optional<java.util.Set<java.lang.Long>>: " + SET);
                assertUnstable(t, "listOfOptionalSet",
                        "parameter tags of type java.util.List<java.util.Optional<java.util.Set<java.lang.String>>>",
                        "an element of java.util.List<java.util.Optional<java.util.Set<java.lang.String>>>: "
                                + "an element of java.util.Optional<java.util.Set<java.lang.String>>: " + SET);
                assertUnstable(t, "holderOfSet",
                        "parameter tags of type " + Holder.class.getName() + "<java.util.Set<java.lang.String>>",
                        "a type argument of " + Holder.class.getName() + "<java.util.Set<java.lang.String>>: " + SET);
            });

    private static void assertUnstable(Throwable t, String method, String parameter, String why) {
        UnstableKeyPartException e = BuildErrors.forMethod(t, UnstableKeyPartException.class, Bean.class, method);
        BuildErrors.assertNamesAndFix(e, Bean.class, method, FIX);
        assertThat(e).hasMessageStartingWith(parameter + " cannot be part of a cache key: " + why + " [class=");
    }

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    /** Renders itself by its own toString(), which shows its value's toString(). */
    static class Holder<T> {
        T value;

        @Override
        public String toString() {
            return "Holder[" + value + "]";
        }
    }

    @ApplicationScoped
    static class Bean {

        @GCached(keyType = "user_id")
        public String optionalOfSet(@GCacheId String userId, Optional<Set<String>> tags) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String mapOfOptionalSet(@GCacheId String userId, Map<String, Optional<Set<Long>>> tags) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String listOfOptionalSet(@GCacheId String userId, List<Optional<Set<String>>> tags) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String holderOfSet(@GCacheId String userId, Holder<Set<String>> tags) {
            return userId;
        }
    }
}
