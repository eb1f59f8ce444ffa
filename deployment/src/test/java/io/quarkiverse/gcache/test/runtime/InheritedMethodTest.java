package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A cached method declared in a generic base class gives each bean that inherits it its own use case, named after
 * the bean class ({@code UserRepo.find}, {@code OrderRepo.find}): one bean never gets another's entries.
 */
public class InheritedMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Repo.class, User.class, Order.class, UserRepo.class,
                    OrderRepo.class, SpecialOrderRepo.class, WovenMethodTest.Audited.class,
                    WovenMethodTest.AuditInterceptor.class));

    @Inject
    UserRepo users;

    @Inject
    OrderRepo orders;

    @Inject
    SpecialOrderRepo special;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        Repo.RUNS.set(0);
        WovenMethodTest.AuditInterceptor.CALLS.set(0);
    }

    @Test
    void eachBeanGetsItsOwnEntries() {
        try (GCacheScope scope = gcache.enable()) {
            // STEP 1: the users bean fills "1"
            User user = users.find("1");
            assertThat(user).isEqualTo(new User("1"));
            // STEP 2: the orders bean asks for the same id: the old code handed it the User (ClassCastException here)
            Order order = orders.find("1");
            assertThat(order).isEqualTo(new Order("1"));
            // STEP 3: a bean two levels below the base, with the same id
            Order specialOrder = special.find("1");
            assertThat(specialOrder).isEqualTo(new Order("special-1"));
            // STEP 4: each one's second call is a hit of its own use case
            assertThat(users.find("1")).isEqualTo(user);
            assertThat(orders.find("1")).isEqualTo(order);
            assertThat(special.find("1")).isEqualTo(specialOrder);
        }
        assertThat(Repo.RUNS).hasValue(3);
    }

    @Test
    void theUseCasesAreNamedAfterTheBeanClasses() {
        try (GCacheScope scope = gcache.enable()) {
            users.find("2");
            orders.find("2");
            gcache.delete("UserRepo.find", "2", Map.of());
            users.find("2");
            orders.find("2");
        }
        assertThat(Repo.RUNS).hasValue(3);
    }

    @Test
    void interceptorsOfTheInheritedMethodRunAroundEachBeansCache() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(users.label("3")).isEqualTo("label-3");
            assertThat(users.label("3")).isEqualTo("label-3");
            assertThat(orders.label("3")).isEqualTo("label-3");
        }
        assertThat(WovenMethodTest.AuditInterceptor.CALLS).hasValue(3);
        assertThat(Repo.RUNS).hasValue(2);
    }

    public abstract static class Repo<T> {
        static final AtomicInteger RUNS = new AtomicInteger();

        @GCached(keyType = "entity", local = @GCached.Layer(ttl = "1h"))
        public T find(@GCacheId String id) {
            RUNS.incrementAndGet();
            return create(id);
        }

        @WovenMethodTest.Audited
        @GCached(keyType = "entity", local = @GCached.Layer(ttl = "1h"))
        public final String label(@GCacheId String id) {
            RUNS.incrementAndGet();
            return "label-" + id;
        }

        protected abstract T create(String id);
    }

    public record User(String id) {
    }

    public record Order(String id) {
    }

    @ApplicationScoped
    public static class UserRepo extends Repo<User> {
        @Override
        protected User create(String id) {
            return new User(id);
        }
    }

    @ApplicationScoped
    public static class OrderRepo extends Repo<Order> {
        @Override
        protected Order create(String id) {
            return new Order(id);
        }
    }

    @ApplicationScoped
    @Typed(SpecialOrderRepo.class)
    public static class SpecialOrderRepo extends OrderRepo {
        @Override
        protected Order create(String id) {
            return new Order("special-" + id);
        }
    }
}
