package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnstableKeyPartException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Types whose {@code toString()} is declared but not faithful: a container checked by its type argument, collections
 * that are not lists, and a mutable holder. Each is a build error naming the parameter and why.
 */
class UnfaithfulKeyPartTest {

    private static final String FIX = "give it an adapter (@GCacheArg(adapter = X.class) or @GCacheId(adapter = X.class)),"
            + " point a property path at a stable value, or leave it out with @GCacheIgnore";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(UnfaithfulBean.class, Criteria.class))
            .assertException(t -> {
                BuildErrors.several(t, 5);
                assertUnstable(t, "optionalOfPlainClass",
                        "parameter criteria of type java.util.Optional<" + Criteria.class.getName() + ">",
                        Criteria.class.getName() + " keeps Object.toString(), which differs between equal values");
                assertUnstable(t, "vectorOfPlainClass",
                        "parameter criteria of type java.util.Vector<" + Criteria.class.getName() + ">",
                        Criteria.class.getName() + " keeps Object.toString(), which differs between equal values");
                assertUnstable(t, "arrayDeque", "parameter ids of type java.util.ArrayDeque<java.lang.String>",
                        "java.util.ArrayDeque is a collection but not a List");
                assertUnstable(t, "priorityQueue", "parameter ids of type java.util.PriorityQueue<java.lang.String>",
                        "java.util.PriorityQueue is a collection but not a List");
                assertUnstable(t, "atomicReference",
                        "parameter ref of type java.util.concurrent.atomic.AtomicReference<java.lang.String>",
                        "a mutable holder");
            });

    private static void assertUnstable(Throwable t, String method, String parameter, String why) {
        UnstableKeyPartException e = BuildErrors.forMethod(t, UnstableKeyPartException.class, UnfaithfulBean.class,
                method);
        BuildErrors.assertNamesAndFix(e, UnfaithfulBean.class, method, FIX);
        assertThat(e).hasMessageStartingWith(parameter + " cannot be part of a cache key: ");
        assertThat(e.getMessage()).contains(why);
    }

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    /** Keeps Object.toString(). */
    static class Criteria {
        String status;
    }

    @ApplicationScoped
    static class UnfaithfulBean {

        @GCached(keyType = "user_id")
        public String optionalOfPlainClass(@GCacheId String userId, Optional<Criteria> criteria) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String vectorOfPlainClass(@GCacheId String userId, Vector<Criteria> criteria) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String arrayDeque(@GCacheId String userId, ArrayDeque<String> ids) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String priorityQueue(@GCacheId String userId, PriorityQueue<String> ids) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String atomicReference(@GCacheId String userId, AtomicReference<String> ref) {
            return userId;
        }
    }
}
