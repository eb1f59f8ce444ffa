package io.quarkiverse.gcache.runtime.devui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.GCacheFlights;
import io.quarkiverse.gcache.runtime.CacheEntries;
import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.ShadowSettings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.shadow.ShadowOutcome;
import io.quarkiverse.gcache.runtime.shadow.ShadowTally;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.runtime.annotations.JsonRpcDescription;
import io.smallrye.common.annotation.Blocking;

/**
 * What the GCache pages of the Dev UI ask: the use cases with their live settings and counters, the entries of
 * LOCAL and Redis, and the actions (delete, invalidate, flush, set a ramp or TTL). Registered in dev mode only.
 * <p>
 * A client of the engine's API ({@link GCacheEngine#entries()}, invalidate, flush, settings), never of a tier's
 * storage or of Redis: so an operator's action follows the application's rules (generations, {@code remote.timeout},
 * the breaker). This class only turns answers into the JSON-RPC shapes the front end reads, and refuses bad input
 * with a message. Its methods are {@code @Blocking}: they run on a worker thread and may wait for Redis.
 */
public class GCacheJsonRPCService {

    /** How long a flush, many Redis operations in a row, may take. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(30);
    /** How much of a value the key browser shows. */
    static final int PREVIEW_CHARS = 2000;
    private static final String LOCAL = "LOCAL";
    private static final String REMOTE = "REMOTE";

    @Inject
    GCacheEngine engine;

    @Inject
    Instance<ObjectMapper> mapper;

    /** For CDI, which injects the fields. */
    public GCacheJsonRPCService() {
    }

    /** For a test that drives an engine without CDI. */
    GCacheJsonRPCService(GCacheEngine engine, Instance<ObjectMapper> mapper) {
        this.engine = engine;
        this.mapper = mapper;
    }

    // ---- use cases -----------------------------------------------------------------------------------------

    @JsonRpcDescription("The use cases: method, key type, id source, tracked, effective TTL and ramp per layer, counters, "
            + "stale recoveries")
    @Blocking
    public List<Map<String, Object>> getUseCases() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (UseCase uc : engine.useCases()) {
            out.add(describe(uc));
        }
        return out;
    }

    private Map<String, Object> describe(UseCase uc) {
        UseCaseSpec spec = uc.spec();
        UseCaseSettings settings = engine.settings().useCase(uc.index());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("useCase", uc.name());
        m.put("method", spec.getSignature());
        m.put("declaringClass", spec.getDeclaringClass());
        m.put("keyType", uc.keyType());
        m.put("idSource", spec.getId().describe());
        m.put("args", spec.getArgs().stream().map(KeyPartSpec::describe).toList());
        m.put("tracked", uc.tracked());
        m.put("valueType", spec.getValueType());
        Map<String, Object> local = layer(uc, CacheLayer.LOCAL, settings.local(), "local");
        Map<String, Object> remote = layer(uc, CacheLayer.REMOTE, settings.remote(), "remote");
        remote.put("configured", engine.hasRemote());
        m.put("local", local);
        m.put("remote", remote);
        long hits = (long) local.get("hits") + (long) remote.get("hits");
        // A call that misses every layer ends in a miss of the last layer it asked.
        long misses = engine.hasRemote() && (long) remote.get("requests") > 0 ? (long) remote.get("misses")
                : (long) local.get("misses");
        m.put("requests", hits + misses);
        m.put("hitRatio", ratio(hits, hits + misses));
        m.put("shadow", shadow(uc, settings.shadow()));
        // Stale on error: the failed calls answered with a kept REMOTE value (outcome served).
        m.put("staleRecoveries", engine.metrics() instanceof DevUiCounters counters ? counters.staleRecoveries(uc) : 0L);
        return m;
    }

    /**
     * Shadow validation of the use case (SPEC §12): its ramp, the outcomes so far, the share of checked hits that
     * matched, and the median age of the confirmed mismatches (seconds, {@code null} before the first).
     */
    private Map<String, Object> shadow(UseCase uc, ShadowSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ramp", s.ramp());
        m.put("on", s.isOn());
        Map<String, Long> outcomes = new LinkedHashMap<>();
        ShadowTally tally = engine.metrics() instanceof DevUiCounters counters ? counters.shadow(uc) : null;
        for (ShadowOutcome outcome : ShadowOutcome.values()) {
            outcomes.put(outcome.label(), tally == null ? 0 : tally.count(outcome));
        }
        m.put("outcomes", outcomes);
        long matches = outcomes.get(ShadowOutcome.MATCH.label());
        long mismatches = outcomes.get(ShadowOutcome.MISMATCH.label());
        m.put("mismatches", mismatches);
        m.put("matchRatio", ratio(matches, matches + mismatches));
        double median = tally == null ? -1 : tally.medianMismatchAge();
        m.put("medianMismatchAgeSeconds", median < 0 ? null : median);
        return m;
    }

    private Map<String, Object> layer(UseCase uc, CacheLayer layer, LayerSettings s, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ttl", s.configError() ? "config error" : formatDuration(s.ttlNanos() / 1_000_000));
        m.put("ttlMillis", s.ttlNanos() / 1_000_000);
        m.put("ramp", s.ramp());
        m.put("on", s.isOn());
        m.put("configError", s.configError());
        String base = propertyBase(uc.name()) + name + ".";
        Map<String, String> overrides = GCacheDevConfigSource.snapshot();
        m.put("overridden", overrides.containsKey(base + "ttl") || overrides.containsKey(base + "ramp"));
        long requests = 0;
        long misses = 0;
        if (engine.metrics() instanceof DevUiCounters counters) {
            requests = counters.requests(uc, layer);
            misses = counters.misses(uc, layer);
        }
        m.put("requests", requests);
        m.put("hits", requests - misses);
        m.put("misses", misses);
        m.put("hitRatio", ratio(requests - misses, requests));
        return m;
    }

    private static Double ratio(long hits, long total) {
        return total == 0 ? null : (double) hits / total;
    }

    // ---- run-time settings ---------------------------------------------------------------------------------

    @JsonRpcDescription("Sets a use case's TTL and/or ramp for one layer (LOCAL or REMOTE) while the application runs")
    @Blocking
    public Map<String, Object> setUseCaseConfig(
            @JsonRpcDescription("The use case") String useCase,
            @JsonRpcDescription("LOCAL or REMOTE") String layer,
            @JsonRpcDescription("The TTL, e.g. 60s, 5m, 1h; empty keeps it") String ttl,
            @JsonRpcDescription("The ramp, 0 to 100; empty keeps it") String ramp) {
        UseCase uc = requireUseCase(useCase);
        String name = switch (layer == null ? "" : layer.trim().toUpperCase()) {
            case LOCAL -> "local";
            case REMOTE -> "remote";
            default -> throw new IllegalArgumentException("layer must be LOCAL or REMOTE, not '" + layer + "'");
        };
        String base = propertyBase(uc.name()) + name + ".";
        // Everything is checked before anything is set: a refused value changes nothing.
        boolean setTtl = ttl != null && !ttl.isBlank();
        if (setTtl) {
            checkTtl(ttl);
        }
        Integer r = null;
        if (ramp != null && !ramp.isBlank()) {
            try {
                r = Integer.parseInt(ramp.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ramp '" + ramp + "' is not a whole number from 0 to 100");
            }
            if (r < 0 || r > 100) {
                throw new IllegalArgumentException("ramp " + r + " is not between 0 and 100");
            }
        }
        if (setTtl) {
            GCacheDevConfigSource.set(base + "ttl", ttl.trim());
        }
        if (r != null) {
            GCacheDevConfigSource.set(base + "ramp", Integer.toString(r));
        }
        engine.refreshSettings(ConfigProvider.getConfig());
        return describe(uc);
    }

    /** Refuses a TTL the engine could not read, which would turn the layer off as a "config error". */
    private static void checkTtl(String ttl) {
        Duration d = Durations.parse(ttl); // says what is wrong with the text
        try {
            d.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("ttl '" + ttl.trim() + "' is too long: the longest is "
                    + formatDuration(Long.MAX_VALUE / 1_000_000 / 86_400_000 * 86_400_000));
        }
    }

    @JsonRpcDescription("Forgets the TTLs and ramps the Dev UI set for a use case: the configuration applies again")
    @Blocking
    public Map<String, Object> resetUseCaseConfig(@JsonRpcDescription("The use case") String useCase) {
        UseCase uc = requireUseCase(useCase);
        GCacheDevConfigSource.removeAll(propertyBase(uc.name()));
        engine.refreshSettings(ConfigProvider.getConfig());
        return describe(uc);
    }

    static String propertyBase(String useCase) {
        return "quarkus.gcache.use-case.\"" + useCase + "\".";
    }

    // ---- keys ----------------------------------------------------------------------------------------------

    @JsonRpcDescription("One page of the entries of LOCAL and Redis, filtered; give the cursor of the last page to go on")
    @Blocking
    public Map<String, Object> getKeys(
            @JsonRpcDescription("LOCAL, REMOTE, or empty for both") String layer,
            @JsonRpcDescription("Only this key type; empty for all") String keyType,
            @JsonRpcDescription("Only this id (as the method saw it, not escaped); empty for all") String id,
            @JsonRpcDescription("Only this use case; empty for all") String useCase,
            @JsonRpcDescription("Where to go on; empty for the first page") String cursor,
            @JsonRpcDescription("About how many entries a page holds") int pageSize) {
        CacheLayer wanted = layer(layer, "layer must be LOCAL, REMOTE or empty for both, not '" + layer + "'");
        CacheEntries.Page page = engine.entries().page(wanted,
                new CacheEntries.Filter(blankToNull(keyType), blankToNull(id), blankToNull(useCase)),
                cursor == null || cursor.isBlank() ? null : cursor.trim(), pageSize <= 0 ? 50 : Math.min(pageSize, 1000),
                this::json);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (CacheEntries.Entry e : page.entries()) {
            entries.add(entry(e));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", entries);
        m.put("cursor", page.cursor());
        m.put("remote", engine.hasRemote());
        if (page.note() != null) {
            m.put("note", page.note());
        }
        return m;
    }

    /** A layer named by the Dev UI: LOCAL, REMOTE, or {@code null} for both (empty). */
    private static CacheLayer layer(String name, String refusal) {
        return switch (name == null ? "" : name.trim().toUpperCase()) {
            case "" -> null;
            case LOCAL -> CacheLayer.LOCAL;
            case REMOTE -> CacheLayer.REMOTE;
            default -> throw new IllegalArgumentException(refusal);
        };
    }

    /** A LOCAL value as the key browser shows it: the application's JSON, else its string form. */
    private String json(Object value) {
        if (mapper == null || !mapper.isResolvable()) {
            return String.valueOf(value);
        }
        try {
            return mapper.get().writeValueAsString(value);
        } catch (Exception e) {
            return "<not serializable as JSON: " + e.getMessage() + ">";
        }
    }

    private static Map<String, Object> entry(CacheEntries.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("urn", e.urn());
        m.put("layer", e.layer().name());
        m.put("useCase", e.useCase());
        m.put("keyType", e.keyType());
        m.put("id", e.id());
        m.put("tracked", e.tracked());
        m.put("ttlLeftMillis", e.ttlLeftMillis());
        m.put("ageMillis", e.ageMillis());
        m.put("size", e.size());
        m.put("state", e.state());
        boolean cut = e.json().length() > PREVIEW_CHARS;
        m.put("preview", cut ? e.json().substring(0, PREVIEW_CHARS) + "…" : e.json());
        m.put("previewCut", cut);
        return m;
    }

    // ---- actions -------------------------------------------------------------------------------------------

    @JsonRpcDescription("Deletes one entry, by its URN, from one layer (LOCAL or REMOTE) or from both (empty)")
    @Blocking
    public int deleteEntry(@JsonRpcDescription("The entry's URN") String urn,
            @JsonRpcDescription("LOCAL, REMOTE, or empty for both") String layer) {
        return engine.entries().delete(urn,
                layer(layer, "layer must be LOCAL, REMOTE or empty for both, not '" + layer + "'"));
    }

    @JsonRpcDescription("Invalidates an entity: every entry of its tracked use cases is stale from now on, in both layers")
    @Blocking
    public String invalidate(@JsonRpcDescription("The key type") String keyType,
            @JsonRpcDescription("The id, as the method saw it") String id) {
        if (keyType == null || keyType.isBlank() || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("give a key type and an id");
        }
        String type = keyType.trim();
        Set<String> tracked = new TreeSet<>();
        for (UseCase uc : engine.useCases()) {
            if (uc.tracked()) {
                tracked.add(uc.keyType());
            }
        }
        if (!tracked.contains(type)) {
            // A watermark of a key type nothing reads would be written for nothing (and may be a typo).
            throw new IllegalArgumentException("No tracked use case has the key type '" + type + "'; the tracked key "
                    + "types are " + tracked);
        }
        try {
            engine.invalidateOrFail(type, id).await().atMost(FLUSH_WAIT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("This process's LOCAL entries of " + type + " " + id + " are dropped, but "
                    + "Redis " + engine.entries().whyRedisFailed(e) + ": no watermark was written, so REMOTE and the other processes still serve "
                    + "the old entries");
        }
        return "Invalidated " + type + " " + id;
    }

    @JsonRpcDescription("Deletes GCache's own entries in both layers (Redis keys under the prefix, with SCAN)")
    @Blocking
    public long flush() {
        try {
            return engine.flush().await().atMost(FLUSH_WAIT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("LOCAL is flushed, but Redis " + engine.entries().whyRedisFailed(e) + ": its GCache keys may not all be "
                    + "deleted");
        }
    }

    // ---- flights -------------------------------------------------------------------------------------------

    @JsonRpcDescription("The fills running now per use case: leaders, followers waiting, the oldest leader's age")
    public Map<String, Object> getFlights() {
        GCacheFlights flights = engine.inFlight();
        List<Map<String, Object>> useCases = new ArrayList<>();
        for (GCacheFlights.UseCaseFlights f : flights.useCases()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("useCase", f.useCase());
            m.put("leaders", f.leaders());
            m.put("followers", f.followers());
            m.put("oldestLeaderAgeMillis", f.oldestLeaderAge().toMillis());
            m.put("oldestLeaderAge", f.leaders() == 0 ? "" : formatDuration(f.oldestLeaderAge().toMillis()));
            useCases.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("takenAt", flights.takenAt().toString());
        out.put("leaders", flights.leaders());
        out.put("followers", flights.followers());
        out.put("useCases", useCases);
        return out;
    }

    private UseCase requireUseCase(String name) {
        UseCase uc = name == null ? null : engine.useCase(name);
        if (uc == null) {
            throw new IllegalArgumentException("No use case '" + name + "'");
        }
        return uc;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String formatDuration(long millis) {
        return CacheEntries.formatMillis(millis);
    }
}
