package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.UnknownPropertyException;
import io.quarkus.test.QuarkusUnitTest;

/** A property path must exist on the parameter's type, and cannot go on past a primitive. */
class UnknownPropertyTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(PathBean.class, Order.class, Customer.class))
            .assertException(t -> {
                BuildErrors.several(t, 3);

                UnknownPropertyException typo = BuildErrors.forMethod(t, UnknownPropertyException.class,
                        PathBean.class, "typo");
                BuildErrors.assertNamesAndFix(typo, PathBean.class, "typo",
                        "name a record component, a public getter or a public field of " + Customer.class.getName()
                                + ", or use an adapter");
                assertThat(typo).hasMessageStartingWith("the property path \"customer.nmae\" of parameter order does not"
                        + " exist: " + Customer.class.getName() + " has no accessible property \"nmae\"");

                UnknownPropertyException pastPrimitive = BuildErrors.forMethod(t, UnknownPropertyException.class,
                        PathBean.class, "pastPrimitive");
                BuildErrors.assertNamesAndFix(pastPrimitive, PathBean.class, "pastPrimitive",
                        "name a record component, a public getter or a public field of int, or use an adapter");
                assertThat(pastPrimitive).hasMessageStartingWith("the property path \"count.value\" of parameter previous"
                        + " does not exist: int has no accessible property \"value\"");

                UnknownPropertyException intoPrimitive = BuildErrors.forMethod(t, UnknownPropertyException.class,
                        PathBean.class, "intoPrimitive");
                BuildErrors.assertNamesAndFix(intoPrimitive, PathBean.class, "intoPrimitive",
                        "name a record component, a public getter or a public field of long, or use an adapter");
                assertThat(intoPrimitive).hasMessageStartingWith("the property path \"id\" of parameter userId"
                        + " does not exist: long has no accessible property \"id\"");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    record Customer(String name) {
    }

    record Order(Customer customer, int count) {
    }

    @ApplicationScoped
    static class PathBean {

        @GCached(keyType = "customer")
        public String typo(@GCacheId("customer.nmae") Order order) {
            return order.toString();
        }

        @GCached(keyType = "customer")
        public String pastPrimitive(@GCacheId("customer.name") Order order, @GCacheArg("count.value") Order previous) {
            return order.toString() + previous;
        }

        @GCached(keyType = "user_id")
        public String intoPrimitive(@GCacheId("id") long userId) {
            return "" + userId;
        }
    }
}
