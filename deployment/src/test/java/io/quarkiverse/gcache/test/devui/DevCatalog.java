package io.quarkiverse.gcache.test.devui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCached;

/** The cached methods of the Dev UI tests: tracked, tracked with an argument, untracked. */
@ApplicationScoped
public class DevCatalog {

    @GCached(keyType = "user_id", useCase = "DevProfile", local = @GCached.Layer(ttl = "60s"),
            remote = @GCached.Layer(ttl = "1h"))
    public Map<String, Object> profile(@GCacheId String id) {
        // ordered: Map.of iterates in an order that changes from JVM to JVM, and the browser test reads the JSON
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", id);
        profile.put("name", "user " + id);
        return profile;
    }

    @GCached(keyType = "user_id", useCase = "DevPosts", local = @GCached.Layer(ttl = "60s"),
            remote = @GCached.Layer(ttl = "1h"))
    public List<String> posts(@GCacheId String id, @GCacheArg int page) {
        return List.of(id + "-post-" + page);
    }

    @GCached(keyType = "item_id", useCase = "DevItem", trackForInvalidation = false,
            local = @GCached.Layer(ttl = "30s", ramp = 50), remote = @GCached.Layer(ttl = "10m"), shadowRamp = 100)
    public String item(@GCacheId String id) {
        return "item " + id;
    }
}
