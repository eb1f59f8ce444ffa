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
import io.quarkiverse.gcache.deployment.validation.InvalidAdapterException;
import io.quarkus.test.QuarkusUnitTest;

/** An adapter must be a concrete class that is a bean, or a public class with a public no-argument constructor. */
class InvalidAdapterTest {

    private static final String FIX = "make it a CDI bean (e.g. @ApplicationScoped) or a public class with a public"
            + " no-argument constructor, and make it a concrete class";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(AdapterBean.class, AbstractAdapter.class,
                    ArgumentAdapter.class, HiddenAdapter.class, Criteria.class))
            .assertException(t -> {
                BuildErrors.several(t, 3);

                InvalidAdapterException abstractAdapter = BuildErrors.forMethod(t, InvalidAdapterException.class,
                        AdapterBean.class, "abstractAdapter");
                BuildErrors.assertNamesAndFix(abstractAdapter, AdapterBean.class, "abstractAdapter", FIX);
                assertThat(abstractAdapter).hasMessageStartingWith("the adapter " + AbstractAdapter.class.getName()
                        + " of parameter criteria can be neither looked up as a bean nor created");

                InvalidAdapterException noConstructor = BuildErrors.forMethod(t, InvalidAdapterException.class,
                        AdapterBean.class, "noConstructor");
                BuildErrors.assertNamesAndFix(noConstructor, AdapterBean.class, "noConstructor", FIX);
                assertThat(noConstructor).hasMessageStartingWith("the adapter " + ArgumentAdapter.class.getName()
                        + " of parameter criteria can be neither looked up as a bean nor created");

                InvalidAdapterException notPublic = BuildErrors.forMethod(t, InvalidAdapterException.class,
                        AdapterBean.class, "notPublic");
                BuildErrors.assertNamesAndFix(notPublic, AdapterBean.class, "notPublic", FIX);
                assertThat(notPublic).hasMessageStartingWith("the adapter " + HiddenAdapter.class.getName()
                        + " of parameter criteria can be neither looked up as a bean nor created");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    static class Criteria {
        String status;
    }

    public abstract static class AbstractAdapter implements GCacheKeyAdapter<Criteria> {
    }

    /** Not a bean, and its only constructor takes an argument. */
    public static class ArgumentAdapter implements GCacheKeyAdapter<Criteria> {

        private final String prefix;

        public ArgumentAdapter(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String adapt(Criteria value) {
            return prefix + value.status;
        }
    }

    /** Not a bean, and not public: its public constructor cannot be called from GCache's package. */
    static class HiddenAdapter implements GCacheKeyAdapter<Criteria> {

        public HiddenAdapter() {
        }

        @Override
        public String adapt(Criteria value) {
            return value.status;
        }
    }

    @ApplicationScoped
    static class AdapterBean {

        @GCached(keyType = "criteria")
        public String abstractAdapter(@GCacheId(adapter = AbstractAdapter.class) Criteria criteria) {
            return criteria.status;
        }

        @GCached(keyType = "user_id")
        public String noConstructor(@GCacheId String userId,
                @GCacheArg(adapter = ArgumentAdapter.class) Criteria criteria) {
            return userId + criteria.status;
        }

        @GCached(keyType = "user_id")
        public String notPublic(@GCacheId String userId, @GCacheArg(adapter = HiddenAdapter.class) Criteria criteria) {
            return userId + criteria.status;
        }
    }
}
