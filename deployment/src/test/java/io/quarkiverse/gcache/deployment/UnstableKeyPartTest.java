package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnstableKeyPartException;
import io.quarkus.test.QuarkusUnitTest;

/** A key part needs a stable string form: equal values must give equal keys. */
class UnstableKeyPartTest {

    private static final String FIX = "give it an adapter (@GCacheArg(adapter = X.class) or @GCacheId(adapter = X.class)),"
            + " point a property path at a stable value, or leave it out with @GCacheIgnore";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(UnstableBean.class, Criteria.class, Filters.class))
            .assertException(t -> {
                BuildErrors.several(t, 7);
                assertUnstable(t, "plainClass", "parameter criteria of type " + Criteria.class.getName(),
                        Criteria.class.getName() + " keeps Object.toString(), which differs between equal values");
                assertUnstable(t, "plainClassId", "parameter criteria of type " + Criteria.class.getName(),
                        Criteria.class.getName() + " keeps Object.toString(), which differs between equal values");
                assertUnstable(t, "set", "parameter tags of type java.util.Set<java.lang.String>",
                        "an unordered collection (java.util.Set) has no stable string form");
                assertUnstable(t, "array", "parameter ids of type java.lang.String[]",
                        "an array has no stable string form");
                assertUnstable(t, "rawList", "parameter ids of type java.util.List",
                        "a raw java.util.List does not say what it holds");
                assertUnstable(t, "recordWithMap", "parameter filters of type " + Filters.class.getName(),
                        "record component " + Filters.class.getName() + ".tags: an element of java.util.Map<java.lang.String, "
                                + Criteria.class.getName() + ">: " + Criteria.class.getName()
                                + " keeps Object.toString(), which differs between equal values");
                assertUnstable(t, "object", "parameter context of type java.lang.Object",
                        "java.lang.Object has no stable string form");
            });

    private static void assertUnstable(Throwable t, String method, String parameter, String why) {
        UnstableKeyPartException e = BuildErrors.forMethod(t, UnstableKeyPartException.class, UnstableBean.class, method);
        BuildErrors.assertNamesAndFix(e, UnstableBean.class, method, FIX);
        assertThat(e).hasMessageStartingWith(parameter + " cannot be part of a cache key: " + why + " [class=");
    }

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    /** Keeps Object.toString(). */
    static class Criteria {
        String status;
    }

    /** A map inside a record is rendered in key order, like any map: its values must be stable. */
    record Filters(String status, Map<String, Criteria> tags) {
    }

    @ApplicationScoped
    static class UnstableBean {

        @GCached(keyType = "user_id")
        public String plainClass(@GCacheId String userId, Criteria criteria) {
            return userId;
        }

        @GCached(keyType = "criteria")
        public String plainClassId(@GCacheId Criteria criteria) {
            return "";
        }

        @GCached(keyType = "user_id")
        public String set(@GCacheId String userId, Set<String> tags) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String array(@GCacheId String userId, String[] ids) {
            return userId;
        }

        @SuppressWarnings("rawtypes")
        @GCached(keyType = "user_id")
        public String rawList(@GCacheId String userId, List ids) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String recordWithMap(@GCacheId String userId, Filters filters) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String object(@GCacheId String userId, Object context) {
            return userId;
        }
    }
}
