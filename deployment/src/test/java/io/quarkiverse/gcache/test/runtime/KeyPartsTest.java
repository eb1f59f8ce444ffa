package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkus.test.QuarkusUnitTest;

/**
 * How the build turns parameters into key parts, end to end: property paths, adapters (bean and plain class),
 * ignored parameters, {@code idArg}, stable collections, and arguments keyed by name whatever their position.
 */
public class KeyPartsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Lookups.class, User.class, Account.class, Owner.class,
                    Status.class, Filters.class, FiltersKey.class, Normalizer.class, LowerCase.class));

    @Inject
    Lookups lookups;

    @Inject
    Normalizer normalizer;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @BeforeEach
    void reset() {
        gcache.flush();
        lookups.reset();
        normalizer.reset();
    }

    @Test
    void idFromARecordComponent() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.byUser(new User("u1", "Ann"))).isEqualTo("user-u1-1");
            assertThat(lookups.byUser(new User("u1", "Ann Smith"))).isEqualTo("user-u1-1");
            assertThat(lookups.byUser(new User("u2", "Ann"))).isEqualTo("user-u2-2");
        }
        assertThat(lookups.calls()).isEqualTo(2);
        assertThat(urns("ByUser")).containsExactlyInAnyOrder("{urn:gcache:user_id:u1}#ByUser",
                "{urn:gcache:user_id:u2}#ByUser");
    }

    @Test
    void idFromAGetterThenAPublicField() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.byAccount(new Account(new Owner("o1"), 10))).isEqualTo("account-o1-1");
            assertThat(lookups.byAccount(new Account(new Owner("o1"), 20))).isEqualTo("account-o1-1");
            assertThat(lookups.byAccount(new Account(new Owner("o2"), 10))).isEqualTo("account-o2-2");
            // a null on the way is a null id: the method runs uncached
            assertThat(lookups.byAccount(new Account(null, 10))).isEqualTo("account-none-3");
            assertThat(lookups.byAccount(new Account(null, 10))).isEqualTo("account-none-4");
        }
        assertThat(lookups.calls()).isEqualTo(4);
    }

    @Test
    void idFromAnAdapterThatIsNoBean() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.byEmail("Ann@Example.com")).isEqualTo("email-Ann@Example.com-1");
            assertThat(lookups.byEmail("ann@example.COM")).isEqualTo("email-Ann@Example.com-1");
            assertThat(lookups.byEmail("bob@example.com")).isEqualTo("email-bob@example.com-2");
        }
        assertThat(lookups.calls()).isEqualTo(2);
        assertThat(urns("ByEmail")).containsExactlyInAnyOrder("{urn:gcache:email:ann@example.com}#ByEmail",
                "{urn:gcache:email:bob@example.com}#ByEmail");
    }

    @Test
    void argumentFromAnAdapterThatIsABean() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.search("42", new Filters(Status.ACTIVE, "Hello"), 1, "trace-1")).isEqualTo("search-1");
            assertThat(lookups.search("42", new Filters(Status.ACTIVE, "HELLO"), 1, "trace-2")).isEqualTo("search-1");
            assertThat(lookups.search("42", new Filters(Status.BLOCKED, "hello"), 1, "trace-3")).isEqualTo("search-2");
            assertThat(lookups.search("42", new Filters(Status.ACTIVE, "hello"), 2, "trace-4")).isEqualTo("search-3");
        }
        assertThat(lookups.calls()).isEqualTo(3);
        // the adapter is the bean, with its own injected dependencies
        assertThat(normalizer.uses()).isEqualTo(4);
        assertThat(urns("Search")).containsExactlyInAnyOrder(
                "{urn:gcache:user_id:42}?filters=ACTIVE:hello&page=1#Search",
                "{urn:gcache:user_id:42}?filters=BLOCKED:hello&page=1#Search",
                "{urn:gcache:user_id:42}?filters=ACTIVE:hello&page=2#Search");
    }

    @Test
    void ignoredParameterIsNotPartOfTheKey() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.search("42", new Filters(Status.ACTIVE, "x"), 1, "trace-1")).isEqualTo("search-1");
            assertThat(lookups.search("42", new Filters(Status.ACTIVE, "x"), 1, null)).isEqualTo("search-1");
            assertThat(lookups.search("42", new Filters(Status.ACTIVE, "x"), 1, new Object())).isEqualTo("search-1");
        }
        assertThat(lookups.calls()).isEqualTo(1);
    }

    @Test
    void argumentFromAPropertyPath() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.byStatus("42", new Filters(Status.ACTIVE, "a"))).isEqualTo("status-1");
            assertThat(lookups.byStatus("42", new Filters(Status.ACTIVE, "b"))).isEqualTo("status-1");
            assertThat(lookups.byStatus("42", new Filters(Status.BLOCKED, "a"))).isEqualTo("status-2");
        }
        assertThat(lookups.calls()).isEqualTo(2);
        assertThat(urns("ByStatus")).containsExactlyInAnyOrder("{urn:gcache:user_id:42}?filters=ACTIVE#ByStatus",
                "{urn:gcache:user_id:42}?filters=BLOCKED#ByStatus");
    }

    @Test
    void idNamedByIdArg() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.byIdArg("eu", "org-1")).isEqualTo("org-1-1");
            assertThat(lookups.byIdArg("eu", "org-1")).isEqualTo("org-1-1");
            assertThat(lookups.byIdArg("us", "org-1")).isEqualTo("org-1-2");
        }
        assertThat(lookups.calls()).isEqualTo(2);
        assertThat(urns("ByIdArg")).containsExactlyInAnyOrder("{urn:gcache:org_id:org-1}?region=eu#ByIdArg",
                "{urn:gcache:org_id:org-1}?region=us#ByIdArg");
    }

    @Test
    void argumentsAreKeyedByNameWhateverTheirPosition() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.alphaFirst("42", "x", 2)).isEqualTo("ab-1");
            assertThat(lookups.betaFirst("42", 2, "x")).isEqualTo("ba-2");
            assertThat(lookups.alphaFirst("42", "x", 2)).isEqualTo("ab-1");
            assertThat(lookups.betaFirst("42", 2, "x")).isEqualTo("ba-2");
            // the same values in the other parameters are another entry
            assertThat(lookups.alphaFirst("42", "2", 0)).isEqualTo("ab-3");
        }
        assertThat(lookups.calls()).isEqualTo(3);
        assertThat(urns("AlphaFirst")).containsExactlyInAnyOrder("{urn:gcache:user_id:42}?alpha=x&beta=2#AlphaFirst",
                "{urn:gcache:user_id:42}?alpha=2&beta=0#AlphaFirst");
        assertThat(urns("BetaFirst")).containsExactly("{urn:gcache:user_id:42}?alpha=x&beta=2#BetaFirst");
    }

    @Test
    void listsMapsAndEnumsAreStableKeyArguments() {
        Map<String, Integer> xy = new LinkedHashMap<>();
        xy.put("x", 1);
        xy.put("y", 2);
        Map<String, Integer> yx = new LinkedHashMap<>();
        yx.put("y", 2);
        yx.put("x", 1);
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.collections("42", List.of("a", "b"), xy, Status.ACTIVE)).isEqualTo("collections-1");
            assertThat(lookups.collections("42", List.of("a", "b"), yx, Status.ACTIVE)).isEqualTo("collections-1");
            assertThat(lookups.collections("42", List.of("b", "a"), xy, Status.ACTIVE)).isEqualTo("collections-2");
            assertThat(lookups.collections("42", List.of("a", "b"), xy, Status.BLOCKED)).isEqualTo("collections-3");
            assertThat(lookups.collections("42", List.of("a, b"), xy, Status.ACTIVE)).isEqualTo("collections-4");
        }
        assertThat(lookups.calls()).isEqualTo(4);
    }

    @Test
    void deleteNamesTheEntryByItsKeyStrings() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(lookups.byIdArg("eu", "org-1")).isEqualTo("org-1-1");
            assertThat(lookups.byIdArg("us", "org-1")).isEqualTo("org-1-2");

            gcache.delete("ByIdArg", "org-1", Map.of("region", "eu"));

            assertThat(lookups.byIdArg("eu", "org-1")).isEqualTo("org-1-3");
            assertThat(lookups.byIdArg("us", "org-1")).isEqualTo("org-1-2");
        }
        assertThat(lookups.calls()).isEqualTo(3);
    }

    /** The URNs of a use case's LOCAL entries, as REMOTE would store them. */
    private List<String> urns(String useCase) {
        UseCase uc = engine.useCase(useCase);
        return uc.local().entries().keySet().stream()
                .map(k -> uc.urn(k, engine.keyspace()))
                .toList();
    }

    // ---- application classes ---------------------------------------------------------------------------------

    public record User(String id, String name) {
    }

    public static class Owner {
        public final String id;

        public Owner(String id) {
            this.id = id;
        }
    }

    public static class Account {
        private final Owner owner;
        private final int balance;

        public Account(Owner owner, int balance) {
            this.owner = owner;
            this.balance = balance;
        }

        public Owner getOwner() {
            return owner;
        }

        public int getBalance() {
            return balance;
        }
    }

    public enum Status {
        ACTIVE,
        BLOCKED
    }

    public record Filters(Status status, String text) {
    }

    /** A bean the adapter bean depends on; it also counts how often the adapter ran. */
    @ApplicationScoped
    public static class Normalizer {
        private final AtomicInteger uses = new AtomicInteger();

        public String normalize(String text) {
            uses.incrementAndGet();
            return text.toLowerCase(Locale.ROOT);
        }

        public int uses() {
            return uses.get();
        }

        public void reset() {
            uses.set(0);
        }
    }

    /** An adapter that is a bean: nothing but GCache looks it up. */
    @ApplicationScoped
    public static class FiltersKey implements GCacheKeyAdapter<Filters> {
        @Inject
        Normalizer normalizer;

        @Override
        public String adapt(Filters filters) {
            return filters.status().name() + ":" + normalizer.normalize(filters.text());
        }
    }

    /** An adapter that is no bean. */
    public static class LowerCase implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            return value.toLowerCase(Locale.ROOT);
        }
    }

    @ApplicationScoped
    public static class Lookups {

        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "ByUser", local = @GCached.Layer(ttl = "1h"))
        public String byUser(@GCacheId("id") User user) {
            return "user-" + user.id() + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "ByAccount", local = @GCached.Layer(ttl = "1h"))
        public String byAccount(@GCacheId("owner.id") Account account) {
            String owner = account.getOwner() == null ? "none" : account.getOwner().id;
            return "account-" + owner + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "email", useCase = "ByEmail", local = @GCached.Layer(ttl = "1h"))
        public String byEmail(@GCacheId(adapter = LowerCase.class) String email) {
            return "email-" + email + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Search", local = @GCached.Layer(ttl = "1h"))
        public String search(@GCacheId String userId, @GCacheArg(adapter = FiltersKey.class) Filters filters, int page,
                @GCacheIgnore Object trace) {
            return "search-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "ByStatus", local = @GCached.Layer(ttl = "1h"))
        public String byStatus(@GCacheId String userId, @GCacheArg("status") Filters filters) {
            return "status-" + calls.incrementAndGet();
        }

        @GCached(keyType = "org_id", useCase = "ByIdArg", idArg = "orgId", local = @GCached.Layer(ttl = "1h"))
        public String byIdArg(String region, String orgId) {
            return orgId + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "AlphaFirst", local = @GCached.Layer(ttl = "1h"))
        public String alphaFirst(@GCacheId String userId, String alpha, int beta) {
            return "ab-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "BetaFirst", local = @GCached.Layer(ttl = "1h"))
        public String betaFirst(@GCacheId String userId, int beta, String alpha) {
            return "ba-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Collections", local = @GCached.Layer(ttl = "1h"))
        public String collections(@GCacheId String userId, List<String> tags, Map<String, Integer> weights,
                Status status) {
            return "collections-" + calls.incrementAndGet();
        }

        public int calls() {
            return calls.get();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
