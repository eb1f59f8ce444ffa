package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.runtime.entities.Account;
import io.quarkiverse.gcache.test.runtime.entities.Holder;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Property paths whose type is a type variable resolved along the path: the common {@code BaseEntity<ID>} pattern,
 * and a path through a parameterized parameter ({@code Holder<Account>}).
 */
class GenericEntityPathTest {

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
    void anIdTypedByTheTypeArgumentOfAGenericBaseEntity() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(accounts.byAccount(new Account("a1"))).isEqualTo("account-a1-1");
            assertThat(accounts.byAccount(new Account("a1"))).isEqualTo("account-a1-1");
            assertThat(accounts.byAccount(new Account("a2"))).isEqualTo("account-a2-2");
        }
    }

    @Test
    void aPathThroughAParameterizedParameter() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(accounts.held("u1", new Holder<>(new Account("a1")))).isEqualTo("held-a1-1");
            assertThat(accounts.held("u1", new Holder<>(new Account("a1")))).isEqualTo("held-a1-1");
            assertThat(accounts.held("u1", new Holder<>(new Account("a2")))).isEqualTo("held-a2-2");
        }
    }

    @ApplicationScoped
    public static class Accounts {

        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "account", useCase = "ByAccount", local = @GCached.Layer(ttl = "1h"))
        public String byAccount(@GCacheId("id") Account account) {
            return "account-" + account.getId() + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Held", local = @GCached.Layer(ttl = "1h"))
        public String held(@GCacheId String userId, @GCacheArg("value.id") Holder<Account> holder) {
            return "held-" + holder.getValue().getId() + "-" + calls.incrementAndGet();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
