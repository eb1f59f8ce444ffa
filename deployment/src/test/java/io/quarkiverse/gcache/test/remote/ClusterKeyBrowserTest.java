package io.quarkiverse.gcache.test.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheScope;
import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.runtime.CacheEntries;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.test.redis.SharedRedisCluster;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The Dev UI's key browser on a real Redis Cluster of three masters: paging through REMOTE lists the entries of every
 * master, each exactly once (a SCAN through the cluster client reaches one node only).
 */
class ClusterKeyBrowserTest {

    static final SharedRedisCluster CLUSTER = SharedRedisCluster.get(ClusterKeyBrowserTest.class.getName());
    static final int NODES = 3;
    static final int PAGE_SIZE = 4;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Users.class))
            .overrideConfigKey("quarkus.redis.client-type", "cluster")
            .overrideConfigKey("quarkus.redis.hosts", CLUSTER.hosts())
            .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
            // This test is about listing, not timeouts: a loaded machine must not turn a slow answer into a miss.
            .overrideConfigKey("quarkus.gcache.remote.timeout", "5s");

    @AfterAll
    static void stopCluster() {
        CLUSTER.close();
    }

    @Inject
    Users users;

    @Inject
    GCache gcache;

    @Inject
    GCacheEngine engine;

    @Test
    void everyMastersEntriesAreListedExactlyOnceAcrossPages() {
        List<String> ids = new ArrayList<>();
        Set<Integer> nodes = new TreeSet<>();
        for (int i = 0; ids.size() < 18; i++) {
            String id = "b" + i;
            ids.add(id);
            nodes.add(CLUSTER.nodeForKey("{urn:gcache:user_id:" + id + "}#BrowsedTracked"));
        }
        assertThat(nodes).as("masters holding the test's entries").hasSize(NODES);
        List<String> expected = new ArrayList<>();
        try (GCacheScope scope = gcache.enable()) {
            for (String id : ids) {
                users.tracked(id);
                users.untracked(id);
                expected.add("{urn:gcache:user_id:" + id + "}#BrowsedTracked");
                expected.add("urn:gcache:user_id:" + id + "#BrowsedUntracked"); // untracked: no hash tag
            }
        }

        List<String> listed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CacheEntries.Page page = engine.entries().page(CacheLayer.REMOTE, new CacheEntries.Filter(null, null, null),
                    cursor, PAGE_SIZE, String::valueOf);
            page.entries().forEach(e -> listed.add(e.urn()));
            if (page.note() != null) {
                notes.add(page.note());
            }
            cursor = page.cursor();
        } while (cursor != null && ++pages < 100);

        assertThat(notes).as("notes of the pages").isEmpty();
        assertThat(pages).as("pages needed").isGreaterThan(1);
        assertThat(listed).as("REMOTE entries listed over %d pages", pages)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ApplicationScoped
    public static class Users {
        @GCached(keyType = "user_id", useCase = "BrowsedTracked", remote = @GCached.Layer(ttl = "1h"))
        public String tracked(@GCacheId String id) {
            return "tracked " + id;
        }

        @GCached(keyType = "user_id", useCase = "BrowsedUntracked", trackForInvalidation = false,
                remote = @GCached.Layer(ttl = "1h"))
        public String untracked(@GCacheId String id) {
            return "untracked " + id;
        }
    }
}
