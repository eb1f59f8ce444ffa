package io.quarkiverse.gcache.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Different arguments never share an entry, in LOCAL or in REMOTE (SPEC §15): records are rendered by their
 * components (never by an overridable {@code toString()}), {@code null} is not {@code "null"}, lone surrogates are not
 * {@code ?}, and a {@code Date} keeps its milliseconds. Each use case runs one layer only, so a hit shows which
 * layer collided; REMOTE is a real redis-server.
 */
class KeyCollisionTest {

    static final SharedRedis REDIS = SharedRedis.get(KeyCollisionTest.class.getName());

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Searches.class, Filters.class, Page.class, Labelled.class))
            .overrideConfigKey("quarkus.redis.hosts", REDIS.uri())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Inject
    Searches searches;

    @Inject
    GCache gcache;

    @BeforeEach
    void reset() {
        REDIS.command("FLUSHALL");
        gcache.flush();
        searches.reset();
    }

    @Test
    void recordsWhoseToStringsCoincideAreDifferentEntriesInLocal() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.local("u1", new Filters("active, sort=name", "date"))).isEqualTo("local-1");
            assertThat(searches.local("u1", new Filters("active", "name, sort=date"))).isEqualTo("local-2");
            assertThat(searches.local("u1", new Filters("active, sort=name", "date"))).isEqualTo("local-1");
        }
    }

    @Test
    void recordsWhoseToStringsCoincideAreDifferentEntriesInRemote() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.remote("u1", new Filters("active, sort=name", "date"))).isEqualTo("remote-1");
            assertThat(searches.remote("u1", new Filters("active", "name, sort=date"))).isEqualTo("remote-2");
            assertThat(searches.remote("u1", new Filters("active, sort=name", "date"))).isEqualTo("remote-1");
        }
        // the record by its components in declaration order, component values escaped (SPEC §15)
        assertThat(remoteKeys()).containsExactlyInAnyOrder(
                "{urn:gcache:user_id:u1}?filters=(status=active%252C%20sort%253Dname,sort=date)#RemoteFilters",
                "{urn:gcache:user_id:u1}?filters=(status=active,sort=name%252C%20sort%253Ddate)#RemoteFilters");
    }

    @Test
    void aRecordIsNeverRenderedByItsOwnToString() {
        // Labelled.toString() says "label" for every value
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.labelled("u1", new Labelled(1))).isEqualTo("labelled-1");
            assertThat(searches.labelled("u1", new Labelled(2))).isEqualTo("labelled-2");
            assertThat(searches.labelled("u1", new Labelled(1))).isEqualTo("labelled-1");
        }
        assertThat(remoteKeys()).containsExactlyInAnyOrder("{urn:gcache:user_id:u1}?page=(number=1)#Labelled",
                "{urn:gcache:user_id:u1}?page=(number=2)#Labelled");
    }

    @Test
    void listsOfRecordsAndRecordsHoldingListsAreRenderedByTheirComponents() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.pages("u1", List.of(new Page(1, List.of("a, b"))))).isEqualTo("pages-1");
            assertThat(searches.pages("u1", List.of(new Page(1, List.of("a", "b"))))).isEqualTo("pages-2");
            assertThat(searches.pages("u1", List.of(new Page(1, List.of("a, b"))))).isEqualTo("pages-1");
        }
    }

    @Test
    void nullAndTheStringNullAreDifferentEntriesInRemote() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.query("u1", null)).isEqualTo("query-null-1");
            assertThat(searches.query("u1", "null")).isEqualTo("query-null-2");
            assertThat(searches.query("u1", null)).isEqualTo("query-null-1");
        }
        assertThat(remoteKeys()).containsExactlyInAnyOrder("{urn:gcache:user_id:u1}?q=%null#Query",
                "{urn:gcache:user_id:u1}?q=null#Query");
    }

    @Test
    void aListHoldingNullAndOneHoldingTheStringNullAreDifferentEntriesInLocal() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.tags("u1", Arrays.asList((String) null))).isEqualTo("tags-1");
            assertThat(searches.tags("u1", List.of("null"))).isEqualTo("tags-2");
            assertThat(searches.tags("u1", new ArrayList<>(Arrays.asList((String) null)))).isEqualTo("tags-1");
        }
    }

    @Test
    void loneSurrogatesAreNotTheQuestionMarkInRemote() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.query("u1", "?")).isEqualTo("query-?-1");
            assertThat(searches.query("u1", "\uD83D")).isEqualTo("query-\uD83D-2");
            assertThat(searches.query("u1", "\uD800")).isEqualTo("query-\uD800-3");
            assertThat(searches.query("u1", "\uDC00")).isEqualTo("query-\uDC00-4");
            assertThat(searches.query("u1", "?")).isEqualTo("query-?-1");
            // a valid pair stays one character
            assertThat(searches.query("u1", "\uD83D\uDE00")).isEqualTo("query-\uD83D\uDE00-5");
        }
        assertThat(remoteKeys()).contains("{urn:gcache:user_id:u1}?q=?#Query",
                "{urn:gcache:user_id:u1}?q=%ED%A0%BD#Query", "{urn:gcache:user_id:u1}?q=%ED%A0%80#Query",
                "{urn:gcache:user_id:u1}?q=%ED%B0%80#Query", "{urn:gcache:user_id:u1}?q=\uD83D\uDE00#Query");
    }

    @Test
    void loneSurrogatesInTheIdAreNotTheQuestionMarkInRemote() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.byId("\uD800")).isEqualTo("id-\uD800-1");
            assertThat(searches.byId("\uDC00")).isEqualTo("id-\uDC00-2");
            assertThat(searches.byId("\uD800")).isEqualTo("id-\uD800-1");
        }
    }

    @Test
    void datesKeepTheirMilliseconds() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.since("u1", new Date(1000))).isEqualTo("since-1000-1");
            assertThat(searches.since("u1", new Date(1500))).isEqualTo("since-1500-2");
            assertThat(searches.since("u1", new Date(1000))).isEqualTo("since-1000-1");
        }
        assertThat(remoteKeys()).containsExactlyInAnyOrder("{urn:gcache:user_id:u1}?from=1970-01-01T00:00:01Z#Since",
                "{urn:gcache:user_id:u1}?from=1970-01-01T00:00:01.500Z#Since");
    }

    @Test
    void anOptionalIsRenderedByItsValue() {
        try (GCacheScope scope = gcache.enable()) {
            assertThat(searches.optional("u1", Optional.of(new Labelled(1)))).isEqualTo("optional-1");
            assertThat(searches.optional("u1", Optional.of(new Labelled(2)))).isEqualTo("optional-2");
            assertThat(searches.optional("u1", Optional.empty())).isEqualTo("optional-3");
            assertThat(searches.optional("u1", Optional.of(new Labelled(1)))).isEqualTo("optional-1");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> remoteKeys() {
        List<String> keys = new ArrayList<>((List<String>) REDIS.command("KEYS", "*"));
        keys.removeIf(k -> k.endsWith("#watermark"));
        return keys;
    }

    // ---- application classes ---------------------------------------------------------------------------------

    public record Filters(String status, String sort) {
    }

    public record Page(int number, List<String> tags) {
    }

    /** Overrides toString(), as applications do (a record's toString() may hide fields). */
    public record Labelled(int number) {
        @Override
        public String toString() {
            return "label";
        }
    }

    @ApplicationScoped
    public static class Searches {

        private final AtomicInteger calls = new AtomicInteger();

        @GCached(keyType = "user_id", useCase = "LocalFilters", local = @GCached.Layer(ttl = "1h"))
        public String local(@GCacheId String userId, Filters filters) {
            return "local-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "RemoteFilters", remote = @GCached.Layer(ttl = "1h"))
        public String remote(@GCacheId String userId, Filters filters) {
            return "remote-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Labelled", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String labelled(@GCacheId String userId, Labelled page) {
            return "labelled-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Pages", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String pages(@GCacheId String userId, List<Page> pages) {
            return "pages-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Query", remote = @GCached.Layer(ttl = "1h"))
        public String query(@GCacheId String userId, String q) {
            return "query-" + q + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "ById", remote = @GCached.Layer(ttl = "1h"))
        public String byId(@GCacheId String userId) {
            return "id-" + userId + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Tags", local = @GCached.Layer(ttl = "1h"))
        public String tags(@GCacheId String userId, List<String> tags) {
            return "tags-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Since", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String since(@GCacheId String userId, Date from) {
            return "since-" + from.getTime() + "-" + calls.incrementAndGet();
        }

        @GCached(keyType = "user_id", useCase = "Optional", local = @GCached.Layer(ttl = "1h"), remote = @GCached.Layer(ttl = "1h"))
        public String optional(@GCacheId String userId, Optional<Labelled> page) {
            return "optional-" + calls.incrementAndGet();
        }

        public void reset() {
            calls.set(0);
        }
    }
}
