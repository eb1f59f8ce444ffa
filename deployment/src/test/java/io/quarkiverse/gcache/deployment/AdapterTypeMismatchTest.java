package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.AdapterTypeMismatchException;
import io.quarkus.test.QuarkusUnitTest;

/** An adapter must take the parameter's type (or the type at the end of its property path). */
class AdapterTypeMismatchTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(MismatchBean.class, IntegerKey.class, NumberKey.class,
                    BaseKey.class, LongKey.class, User.class))
            .assertException(t -> {
                BuildErrors.several(t, 3);
                assertMismatch(t, "integerAdapterOnString", "q", IntegerKey.class, "java.lang.Integer",
                        "java.lang.String");
                assertMismatch(t, "integerAdapterOnPath", "user.name", IntegerKey.class, "java.lang.Integer",
                        "java.lang.String");
                assertMismatch(t, "inheritedAdapterType", "id", LongKey.class, "java.lang.Long", "java.lang.String");
            });

    private static void assertMismatch(Throwable t, String method, String parameter, Class<?> adapter,
            String adapts, String type) {
        AdapterTypeMismatchException e = BuildErrors.forMethod(t, AdapterTypeMismatchException.class,
                MismatchBean.class, method);
        BuildErrors.assertNamesAndFix(e, MismatchBean.class, method,
                "use an adapter of " + type + " (GCacheKeyAdapter<" + type + ">)");
        assertThat(e).hasMessageStartingWith("the adapter " + adapter.getName() + " adapts " + adapts
                + ", but parameter " + parameter + " is of type " + type);
    }

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    public record User(String name) {
    }

    public static class IntegerKey implements GCacheKeyAdapter<Integer> {
        @Override
        public String adapt(Integer value) {
            return Integer.toHexString(value);
        }
    }

    /** Accepts any number: right for an int parameter (boxed), so no error for intAsNumber. */
    public static class NumberKey implements GCacheKeyAdapter<Number> {
        @Override
        public String adapt(Number value) {
            return value.toString();
        }
    }

    public abstract static class BaseKey<T> implements GCacheKeyAdapter<T> {
    }

    /** Its type argument comes through a generic superclass. */
    public static class LongKey extends BaseKey<Long> {
        @Override
        public String adapt(Long value) {
            return Long.toString(value);
        }
    }

    @ApplicationScoped
    static class MismatchBean {

        @GCached(keyType = "user_id")
        public String integerAdapterOnString(@GCacheId String userId, @GCacheArg(adapter = IntegerKey.class) String q) {
            return userId;
        }

        @GCached(keyType = "user_id")
        public String integerAdapterOnPath(@GCacheId(value = "name", adapter = IntegerKey.class) User user) {
            return user.name();
        }

        @GCached(keyType = "user_id")
        public String inheritedAdapterType(@GCacheId(adapter = LongKey.class) String id) {
            return id;
        }

        @GCached(keyType = "user_id")
        public String intAsNumber(@GCacheId String userId, @GCacheArg(adapter = NumberKey.class) int page) {
            return userId;
        }
    }
}
