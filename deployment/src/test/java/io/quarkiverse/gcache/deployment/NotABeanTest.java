package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.NotABeanException;
import io.quarkus.test.QuarkusUnitTest;

/** Only methods of CDI bean classes are woven: not those of plain classes, nor those of interfaces. */
class NotABeanTest {

    private static final String PROBLEM = "@GCached is on a method that would never be cached, "
            + "as GCache weaves only methods of CDI beans: ";
    private static final String FIX = "put it on a method of a CDI bean class, e.g. one annotated @ApplicationScoped";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PlainClass.class, UserLookup.class))
            .assertException(t -> {
                BuildErrors.several(t, 2);

                NotABeanException plain = BuildErrors.forMethod(t, NotABeanException.class, PlainClass.class,
                        "profile");
                BuildErrors.assertNamesAndFix(plain, PlainClass.class, "profile", FIX);
                assertThat(plain).hasMessageStartingWith(PROBLEM
                        + PlainClass.class.getName() + " is not a CDI bean");

                NotABeanException onInterface = BuildErrors.forMethod(t, NotABeanException.class, UserLookup.class,
                        "find");
                BuildErrors.assertNamesAndFix(onInterface, UserLookup.class, "find", FIX);
                assertThat(onInterface).hasMessageStartingWith(PROBLEM + "it is declared on an interface");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    /** No bean defining annotation. */
    static class PlainClass {

        @GCached(keyType = "user_id")
        public String profile(@GCacheId String userId) {
            return userId;
        }
    }

    interface UserLookup {

        @GCached(keyType = "user_id")
        String find(@GCacheId String userId);
    }
}
