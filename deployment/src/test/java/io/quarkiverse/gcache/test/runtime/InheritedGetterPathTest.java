package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.runtime.entities.Account;
import io.quarkiverse.gcache.test.runtime.entities.Customer;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A property path through a public getter inherited from a package-private class, the entities in a package of
 * their own (the generated reader lives in the bean's package).
 */
class InheritedGetterPathTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Accounts.class).addPackage(Account.class.getPackage()));

    @Inject
    Accounts accounts;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        gcache.flush();
        accounts.reset();
    }

    @Test
    void aGetterInheritedFromAPackagePrivateClass() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(accounts.byTenant(new Customer("t1", "Ann"))).isEqualTo("tenant-t1-1");
            assertThat(accounts.byTenant(new Customer("t1", "Bob"))).isEqualTo("tenant-t1-1");
            assertThat(accounts.byTenant(new Customer("t2", "Ann"))).isEqualTo("tenant-t2-2");
        }
    }

    @ApplicationScoped
    public static class Accounts {

        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "tenant", useCase = "ByTenant", local = @GCached.Layer(ttl = "1h"))
        public String byTenant(@GCacheId("tenant") Customer customer) {
            return "tenant-" + customer.getTenant() + "-" + calls.incrementAndGet();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
