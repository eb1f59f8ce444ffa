package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Valid but tricky declarations build and start: property paths through record accessors, getters and public
 * fields; adapters that are beans or plain classes; lists and maps of stable types, enums, {@code UUID},
 * {@code java.time}, classes with their own {@code toString()}; {@code @GCacheIgnore} on unstable types; {@code Uni}
 * and {@code CompletionStage}; a method inherited from a superclass that is no bean; a bean nothing injects. Calls
 * with equal arguments run the method once, and a call that differs only in a property the path reads runs it
 * again (so the generated readers and the adapters really take part in the key).
 */
class ValidDeclarationsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Catalog.class, BaseCatalog.class, UnusedService.class,
                    Tier.class, Customer.class, Order.class, Address.class, Account.class, Shipment.class, Money.class,
                    Euro.class, Filters.class, Tenant.class, TenantNaming.class, TenantKeyAdapter.class,
                    FiltersKeyAdapter.class));

    @Inject
    Catalog catalog;

    @Inject
    GCache gcache;

    @Test
    void recordAccessorPath() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(catalog.orderSummary(order("c-1"))).isEqualTo("c-1");
            assertThat(catalog.orderSummary(order("c-1"))).isEqualTo("c-1");
            assertThat(catalog.calls("orderSummary")).isEqualTo(1);

            catalog.orderSummary(order("c-2"));
            assertThat(catalog.calls("orderSummary")).isEqualTo(2);
        }
    }

    @Test
    void getterPaths() {
        try (GCacheScope scope = gcache.enable()) {
            catalog.accountSettings(new Account("ann", true, new Address("Oslo")), new Account("bob", true, null));
            catalog.accountSettings(new Account("ann", false, new Address("Rome")), new Account("cid", true, null));
            assertThat(catalog.calls("accountSettings")).isEqualTo(1);

            catalog.accountSettings(new Account("ann", true, null), new Account("bob", false, null));
            assertThat(catalog.calls("accountSettings")).isEqualTo(2);
        }
    }

    @Test
    void publicFieldAndNestedMixedPaths() {
        try (GCacheScope scope = gcache.enable()) {
            catalog.shipmentLabel(shipment("s-1", "Oslo"), shipment("r-1", "Rome"));
            catalog.shipmentLabel(shipment("s-1", "Bergen"), shipment("r-2", "Rome"));
            assertThat(catalog.calls("shipmentLabel")).isEqualTo(1);

            catalog.shipmentLabel(shipment("s-1", "Oslo"), shipment("r-1", "Paris"));
            assertThat(catalog.calls("shipmentLabel")).isEqualTo(2);
        }
    }

    @Test
    void beanAdapterAndPlainAdapter() {
        try (GCacheScope scope = gcache.enable()) {
            catalog.adapted(new Tenant("acme"), new Filters("active"));
            catalog.adapted(new Tenant("acme"), new Filters("active"));
            assertThat(catalog.calls("adapted")).isEqualTo(1);

            catalog.adapted(new Tenant("acme"), new Filters("archived"));
            catalog.adapted(new Tenant("other"), new Filters("active"));
            assertThat(catalog.calls("adapted")).isEqualTo(3);
        }
    }

    @Test
    void stableTypes() {
        UUID id = UUID.fromString("5f0c6c1e-8a4e-4d59-9e3e-2f4f4e0d1a11");
        try (GCacheScope scope = gcache.enable()) {
            for (int i = 0; i < 2; i++) {
                catalog.stableTypes(id, List.of("a", "b"), Map.of("x", 1, "y", 2),
                        List.of(Map.of("k", List.of(1L, 2L))), Tier.GOLD, LocalDate.of(2024, 5, 1),
                        Instant.parse("2024-05-01T10:00:00Z"), Duration.ofMinutes(5), new Money(250, "NOK"),
                        new Euro(100), 'c', true, 1.5, new BigDecimal("9.99"));
            }
            assertThat(catalog.calls("stableTypes")).isEqualTo(1);

            catalog.stableTypes(id, List.of("b", "a"), Map.of("x", 1, "y", 2),
                    List.of(Map.of("k", List.of(1L, 2L))), Tier.GOLD, LocalDate.of(2024, 5, 1),
                    Instant.parse("2024-05-01T10:00:00Z"), Duration.ofMinutes(5), new Money(250, "NOK"),
                    new Euro(100), 'c', true, 1.5, new BigDecimal("9.99"));
            assertThat(catalog.calls("stableTypes")).as("a list's order is part of its value").isEqualTo(2);
        }
    }

    @Test
    void ignoredUnstableParameters() {
        try (GCacheScope scope = gcache.enable()) {
            catalog.ignored(7L, new Object(), Set.of("a"), new String[] { "x" });
            catalog.ignored(7L, new Object(), Set.of("b", "c"), new String[] { "y" });
            assertThat(catalog.calls("ignored")).isEqualTo(1);
        }
    }

    @Test
    void idArgInheritedMethodAndLayersOff() {
        try (GCacheScope scope = gcache.enable()) {
            catalog.bySku("sku-1", 1);
            catalog.bySku("sku-1", 1);
            catalog.inherited("p-1");
            catalog.inherited("p-1");
            catalog.bySkuOff("sku-1", 1);
            catalog.bySkuOff("sku-1", 1);
            assertThat(catalog.calls("bySku")).isEqualTo(1);
            assertThat(catalog.calls("inherited")).isEqualTo(1);
            assertThat(catalog.calls("bySkuOff")).as("both layers are off").isEqualTo(2);
        }
    }

    @Test
    void uniAndCompletionStage() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(catalog.reactive("u-1").await().indefinitely()).isEqualTo("uni:u-1");
            assertThat(catalog.reactive("u-1").await().indefinitely()).isEqualTo("uni:u-1");
            assertThat(catalog.staged("u-1").toCompletableFuture().join()).isEqualTo("stage:u-1");
            assertThat(catalog.staged("u-1").toCompletableFuture().join()).isEqualTo("stage:u-1");
        }
        assertThat(catalog.calls("reactive")).isEqualTo(1);
        assertThat(catalog.calls("staged")).isEqualTo(1);
    }

    private static Order order(String customerId) {
        return new Order(new Customer(customerId, Tier.GOLD), 3, List.of("line-1"));
    }

    private static Shipment shipment(String code, String city) {
        Shipment s = new Shipment();
        s.code = code;
        s.owner = new Account("owner", true, new Address(city));
        return s;
    }

    enum Tier {
        GOLD,
        SILVER
    }

    record Customer(String id, Tier tier) {
    }

    /** A record of stable types, a list among them. */
    record Order(Customer customer, int count, List<String> lines) {
    }

    record Address(String city) {
    }

    /** Getters, a boolean one among them; keeps Object.toString(). */
    public static class Account {
        private final String name;
        private final boolean active;
        private final Address address;

        public Account(String name, boolean active, Address address) {
            this.name = name;
            this.active = active;
            this.address = address;
        }

        public String getName() {
            return name;
        }

        public boolean isActive() {
            return active;
        }

        public Address getAddress() {
            return address;
        }
    }

    /** Public fields; keeps Object.toString(). */
    public static class Shipment {
        public String code;
        public Account owner;
    }

    /** Its own toString() makes it stable. */
    public static class Money {
        private final long cents;
        private final String currency;

        public Money(long cents, String currency) {
            this.cents = cents;
            this.currency = currency;
        }

        @Override
        public String toString() {
            return cents + " " + currency;
        }
    }

    /** Stable through the toString() it inherits. */
    public static class Euro extends Money {
        public Euro(long cents) {
            super(cents, "EUR");
        }
    }

    /** Keeps Object.toString(): needs its adapter. */
    public static class Filters {
        final String status;

        public Filters(String status) {
            this.status = status;
        }
    }

    /** Keeps Object.toString(): needs its adapter. */
    public static class Tenant {
        final String slug;

        public Tenant(String slug) {
            this.slug = slug;
        }
    }

    @ApplicationScoped
    public static class TenantNaming {
        String name(Tenant tenant) {
            return "tenant-" + tenant.slug;
        }
    }

    /** An adapter that is a bean with a dependency, and no no-argument constructor of its own. */
    @ApplicationScoped
    public static class TenantKeyAdapter implements GCacheKeyAdapter<Tenant> {
        private final TenantNaming naming;

        @Inject
        public TenantKeyAdapter(TenantNaming naming) {
            this.naming = naming;
        }

        @Override
        public String adapt(Tenant value) {
            return naming.name(value);
        }
    }

    /** A plain adapter with a public no-argument constructor. */
    public static class FiltersKeyAdapter implements GCacheKeyAdapter<Filters> {
        @Override
        public String adapt(Filters value) {
            return "status:" + value.status;
        }
    }

    /** Not a bean itself: its cached method is intercepted on the bean that extends it. */
    public abstract static class BaseCatalog {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        int count(String method) {
            return calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        }

        public int calls(String method) {
            AtomicInteger n = calls.get(method);
            return n == null ? 0 : n.get();
        }

        @GCached(keyType = "product", local = @GCached.Layer(ttl = "60s"))
        public String inherited(@GCacheId String productId) {
            count("inherited");
            return productId;
        }
    }

    @ApplicationScoped
    public static class Catalog extends BaseCatalog {

        @GCached(keyType = "customer", local = @GCached.Layer(ttl = "60s"))
        public String orderSummary(@GCacheId("customer.id") Order order) {
            count("orderSummary");
            return order.customer().id();
        }

        @GCached(keyType = "account", local = @GCached.Layer(ttl = "60s"))
        public String accountSettings(@GCacheId("name") Account account, @GCacheArg("active") Account delegate) {
            count("accountSettings");
            return account.getName();
        }

        @GCached(keyType = "shipment", local = @GCached.Layer(ttl = "60s"))
        public String shipmentLabel(@GCacheId("code") Shipment shipment,
                @GCacheArg("owner.address.city") Shipment returnShipment) {
            count("shipmentLabel");
            return shipment.code;
        }

        @GCached(keyType = "tenant", local = @GCached.Layer(ttl = "60s"))
        public String adapted(@GCacheId(adapter = TenantKeyAdapter.class) Tenant tenant,
                @GCacheArg(adapter = FiltersKeyAdapter.class) Filters filters) {
            count("adapted");
            return tenant.slug;
        }

        @GCached(keyType = "thing", local = @GCached.Layer(ttl = "60s"), remote = @GCached.Layer(ttl = "PT1H", ramp = 0))
        public String stableTypes(@GCacheId UUID id, List<String> tags, Map<String, Integer> weights,
                List<Map<String, List<Long>>> nested, Tier tier, LocalDate day, Instant at, Duration window,
                Money price, Euro euro, char letter, boolean flag, double ratio, BigDecimal amount) {
            count("stableTypes");
            return id.toString();
        }

        @GCached(keyType = "thing", local = @GCached.Layer(ttl = "1m"))
        public String ignored(@GCacheId long id, @GCacheIgnore Object context, @GCacheIgnore Set<String> hints,
                @GCacheIgnore String[] names) {
            count("ignored");
            return "" + id;
        }

        @GCached(keyType = "sku", idArg = "sku", useCase = "Catalog-by.sku_1", trackForInvalidation = false,
                local = @GCached.Layer(ttl = "0"), remote = @GCached.Layer(ttl = ""))
        public String bySkuOff(String sku, int page) {
            count("bySkuOff");
            return sku;
        }

        @GCached(keyType = "sku", idArg = "sku", local = @GCached.Layer(ttl = "60s"))
        public String bySku(String sku, int page) {
            count("bySku");
            return sku + page;
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"))
        public Uni<String> reactive(@GCacheId String userId) {
            count("reactive");
            return Uni.createFrom().item("uni:" + userId);
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"))
        public CompletionStage<String> staged(@GCacheId String userId) {
            count("staged");
            return CompletableFuture.completedFuture("stage:" + userId);
        }
    }

    /** A bean that nothing injects (ArC removes it): its cached method is no build error. */
    @ApplicationScoped
    public static class UnusedService {

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "60s"))
        public String profile(@GCacheId String userId) {
            return userId;
        }
    }
}
