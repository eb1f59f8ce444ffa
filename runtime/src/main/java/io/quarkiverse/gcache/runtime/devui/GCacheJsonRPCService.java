package io.quarkiverse.gcache.runtime.devui;

import io.quarkiverse.gcache.CacheLayer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.gcache.runtime.GCacheEngine;
import io.quarkiverse.gcache.runtime.UseCase;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.config.LayerSettings;
import io.quarkiverse.gcache.runtime.config.UseCaseSettings;
import io.quarkiverse.gcache.runtime.key.StoredKey;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.quarkiverse.gcache.runtime.remote.Envelope;
import io.quarkiverse.gcache.runtime.remote.RedisTimeoutException;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.quarkiverse.gcache.runtime.spec.KeyPartSpec;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.runtime.annotations.JsonRpcDescription;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * What the GCache pages of the Dev UI ask: the use cases with their live settings and counters, the entries of
 * LOCAL and Redis, and the actions (delete, invalidate, flush, set a ramp or TTL). Registered in dev mode only;
 * its methods are {@code @Blocking}: they run on a worker thread and wait for Redis, under the engine's rules: each
 * Redis operation waits at most {@code remote.timeout} and goes through the breaker. When Redis fails, what does not
 * need it is still shown (with a note), an action says what it did not do, and bad input is refused with a message.
 * <p>
 * Over 400 lines: it parses, lists and acts on both layers' keys itself; the tier reshaping makes it a client of
 * the engine's API (entries, invalidate, delete, flush) and leaves it the JSON-RPC shapes only.
 */
public class GCacheJsonRPCService {

    /** How long a flush, many Redis operations in a row, may take. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(30);
    /** What {@link #getKeys} accepts as a cursor: the ones it gives. */
    private static final Pattern CURSOR = Pattern.compile("L\\d{1,9}|R[01]:\\d{1,20}(:\\d{1,9})?");
    /** How much of a value the key browser shows. */
    static final int PREVIEW_CHARS = 2000;
    private static final String LOCAL = "LOCAL";
    private static final String REMOTE = "REMOTE";

    @Inject
    GCacheEngine engine;

    @Inject
    Instance<ObjectMapper> mapper;

    // ---- use cases -----------------------------------------------------------------------------------------

    @JsonRpcDescription("The use cases: method, key type, id source, tracked, effective TTL and ramp per layer, counters")
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
        KeyFilter filter = new KeyFilter(blankToNull(keyType), blankToNull(id), blankToNull(useCase));
        String wanted = layer == null ? "" : layer.trim().toUpperCase();
        if (!wanted.isEmpty() && !wanted.equals(LOCAL) && !wanted.equals(REMOTE)) {
            throw new IllegalArgumentException("layer must be LOCAL, REMOTE or empty for both, not '" + layer + "'");
        }
        if (cursor != null && !cursor.isBlank() && !CURSOR.matcher(cursor.trim()).matches()) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one the key list gave; leave it empty "
                    + "for the first page");
        }
        boolean withLocal = !wanted.equals(REMOTE);
        boolean withRemote = !wanted.equals(LOCAL) && engine.hasRemote();
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 1000);
        String at = cursor == null || cursor.isBlank() ? (withLocal ? "L0" : "R0:0") : cursor.trim();
        List<Map<String, Object>> entries = new ArrayList<>();
        PageRedis redis = new PageRedis();
        String next;
        if (at.startsWith("L")) {
            int offset = Integer.parseInt(at.substring(1));
            List<LocalRow> rows = localRows(filter);
            int end = Math.min(rows.size(), offset + size);
            for (LocalRow row : rows.subList(Math.min(offset, rows.size()), end)) {
                entries.add(localEntry(row, redis));
            }
            next = end < rows.size() ? "L" + end : withRemote ? "R0:0" : null;
            if (next != null && next.startsWith("R") && entries.size() < size) {
                next = scanRemoteOrNote(filter, next, size - entries.size(), entries, redis);
            }
        } else {
            next = withRemote ? scanRemoteOrNote(filter, at, size, entries, redis) : null;
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("entries", entries);
        page.put("cursor", next);
        page.put("remote", engine.hasRemote());
        if (redis.problem != null) {
            page.put("note", redis.problem);
        }
        return page;
    }

    /**
     * Redis as one page of the key list uses it: after its first failure (a timeout, an open breaker) it is not asked
     * again for that page, so a page costs at most one {@code remote.timeout} while Redis is down.
     */
    private final class PageRedis {
        String problem;

        <T> T call(Uni<T> operation, String what) {
            if (problem != null) {
                return null;
            }
            try {
                return await(operation);
            } catch (RuntimeException e) {
                problem = "Redis " + why(e) + ": " + what;
                return null;
            }
        }
    }

    /** Waits for a Redis operation under the engine's rules: the breaker first, then at most the timeout. */
    private <T> T await(Uni<T> operation) {
        RedisGateway remote = engine.remote();
        if (!remote.available()) {
            throw new IllegalStateException("is skipped after repeated failures (the breaker is open)");
        }
        // The operation fails by itself after remote.timeout; the wait's own bound is a safety net.
        return operation.await().atMost(remote.timeout().multipliedBy(2).plusSeconds(1));
    }

    /** What went wrong with Redis, for a sentence that starts with "Redis ". */
    private String why(Throwable e) {
        if (e instanceof RedisTimeoutException || e instanceof io.smallrye.mutiny.TimeoutException) {
            return "did not answer within " + formatDuration(engine.remote().timeout().toMillis());
        }
        if (e.getMessage() != null && e.getMessage().contains("the breaker is open")) {
            return "is skipped after repeated failures (the breaker is open)";
        }
        return "failed (" + e + ")";
    }

    /** {@link #scanRemote}, or, when Redis fails, the end of the list with a note: what was found is still shown. */
    private String scanRemoteOrNote(KeyFilter filter, String cursor, int size, List<Map<String, Object>> out,
            PageRedis redis) {
        try {
            return scanRemote(filter, cursor, size, out);
        } catch (RuntimeException e) {
            String problem = "Redis " + why(e) + ": its entries cannot be listed now, only LOCAL's are shown";
            redis.problem = redis.problem == null ? problem : redis.problem + "; " + problem;
            return null;
        }
    }

    private record KeyFilter(String keyType, String id, String useCase) {
        boolean accepts(String keyType, String id, String useCase) {
            return (this.keyType == null || this.keyType.equals(keyType)) && (this.id == null || this.id.equals(id))
                    && (this.useCase == null || this.useCase.equals(useCase));
        }
    }

    private record LocalRow(UseCase useCase, Object key, LocalEntry entry, String urn) {
    }

    private List<LocalRow> localRows(KeyFilter filter) {
        List<LocalRow> rows = new ArrayList<>();
        for (UseCase uc : engine.useCases()) {
            if ((filter.useCase != null && !filter.useCase.equals(uc.name()))
                    || (filter.keyType != null && !filter.keyType.equals(uc.keyType()))) {
                continue;
            }
            long now = System.nanoTime();
            for (Map.Entry<Object, LocalEntry> e : uc.local().entries().entrySet()) {
                if (e.getValue().expired(now)) {
                    continue; // not yet swept: a read would not see it either
                }
                if (filter.id == null || filter.id.equals(UseCase.idOf(e.getKey()))) {
                    rows.add(new LocalRow(uc, e.getKey(), e.getValue(),
                            uc.urn(e.getKey(), engine.keyspace())));
                }
            }
        }
        rows.sort(Comparator.comparing(LocalRow::urn));
        return rows;
    }

    private Map<String, Object> localEntry(LocalRow row, PageRedis redis) {
        UseCase uc = row.useCase();
        long now = System.currentTimeMillis();
        String json;
        try {
            json = mapper.isResolvable() ? mapper.get().writeValueAsString(row.entry().value())
                    : String.valueOf(row.entry().value());
        } catch (Exception e) {
            json = "<not serializable as JSON: " + e.getMessage() + ">";
        }
        String state = "fresh";
        if (uc.tracked() && engine.hasRemote()) {
            Long watermark = watermark(engine.keyspace().watermarkKey(uc.keyType(), UseCase.idOf(row.key())), redis);
            state = watermark == null ? "unknown" : row.entry().createdAtMillis() <= watermark ? "stale" : "fresh";
        }
        return entry(row.urn(), LOCAL, uc.name(), uc.keyType(), UseCase.idOf(row.key()), uc.tracked(),
                row.entry().remainingMillis(System.nanoTime()), now - row.entry().createdAtMillis(),
                json.getBytes(StandardCharsets.UTF_8).length, state, json);
    }

    private static Map<String, Object> entry(String urn, String layer, String useCase, String keyType, String id,
            boolean tracked, long ttlLeftMillis, long ageMillis, long size, String state, String json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("urn", urn);
        m.put("layer", layer);
        m.put("useCase", useCase);
        m.put("keyType", keyType);
        m.put("id", id);
        m.put("tracked", tracked);
        m.put("ttlLeftMillis", ttlLeftMillis);
        m.put("ageMillis", ageMillis);
        m.put("size", size);
        m.put("state", state);
        boolean cut = json.length() > PREVIEW_CHARS;
        m.put("preview", cut ? json.substring(0, PREVIEW_CHARS) + "…" : json);
        m.put("previewCut", cut);
        return m;
    }

    /**
     * SCANs Redis from {@code cursor} ({@code R<phase>:<scan cursor>[:<skip>]}; phase 0 the tracked keys, 1 the
     * others; skip: how many matching keys of that SCAN batch an earlier page showed) until {@code size} entries are
     * found; gives the cursor to go on from, or {@code null} at the end.
     */
    private String scanRemote(KeyFilter filter, String cursor, int size, List<Map<String, Object>> out) {
        RedisGateway remote = engine.remote();
        String[] parts = cursor.substring(1).split(":");
        int phase = Integer.parseInt(parts[0]);
        String scan = parts[1];
        int skip = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        Boolean trackedOnly = null;
        if (filter.useCase != null) {
            UseCase uc = engine.useCase(filter.useCase);
            trackedOnly = uc == null ? null : uc.tracked();
        }
        int found = 0;
        while (phase < 2) {
            if ((phase == 0 && Boolean.FALSE.equals(trackedOnly)) || (phase == 1 && Boolean.TRUE.equals(trackedOnly))) {
                phase++;
                scan = "0";
                skip = 0;
                continue;
            }
            Request request = Request.cmd(Command.SCAN).arg(scan).arg("MATCH").arg(pattern(filter, phase == 0))
                    .arg("COUNT").arg(Math.max(100, size));
            Response r = await(remote.send(request));
            int matching = 0;
            for (Response k : r.get(1)) {
                StoredKey key = engine.keyspace().parse(k.toString());
                if (key == null || key.watermark() || !filter.accepts(key.keyType(), key.id(), key.useCase())) {
                    continue;
                }
                if (matching++ < skip) {
                    continue; // shown on an earlier page
                }
                Map<String, Object> e = remoteEntry(key);
                if (e != null) {
                    out.add(e);
                    if (++found >= size) {
                        // the page is full inside this batch: the next page runs the same SCAN step and skips these
                        return "R" + phase + ":" + scan + ":" + matching;
                    }
                }
            }
            skip = 0;
            scan = r.get(0).toString();
            if (scan.equals("0")) {
                phase++;
            }
        }
        return null;
    }

    /** The glob that narrows a SCAN to GCache's keys of the filter; the filter itself is applied to every key. */
    private String pattern(KeyFilter filter, boolean tracked) {
        return engine.keyspace().scanPattern(filter.keyType, filter.id, tracked);
    }

    private Map<String, Object> remoteEntry(StoredKey key) {
        List<Request> batch = new ArrayList<>();
        batch.add(Request.cmd(Command.GET).arg(key.key()));
        batch.add(Request.cmd(Command.PTTL).arg(key.key()));
        if (key.tracked()) {
            batch.add(Request.cmd(Command.GET).arg(watermarkKey(key)));
        }
        List<Response> r = await(engine.remote().batch(batch));
        if (r.get(0) == null) {
            return null; // expired or deleted since the SCAN
        }
        byte[] bytes = r.get(0).toBytes();
        long ttl = r.get(1).toLong();
        long createdAt = -1;
        String json;
        try {
            int separator = Envelope.separator(bytes);
            createdAt = Envelope.createdAt(bytes, separator);
            json = new String(bytes, separator + 1, bytes.length - separator - 1, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            json = new String(bytes, StandardCharsets.UTF_8);
        }
        String state = "fresh";
        if (createdAt < 0) {
            state = "unreadable";
        } else if (key.tracked() && r.size() > 2 && r.get(2) != null
                && createdAt <= parseWatermark(r.get(2).toString())) {
            state = "stale";
        }
        return entry(key.key(), REMOTE, key.useCase(), key.keyType(), key.id(), key.tracked(), ttl,
                createdAt < 0 ? -1 : System.currentTimeMillis() - createdAt, bytes.length, state, json);
    }

    private String watermarkKey(StoredKey key) {
        return engine.keyspace().watermarkKey(key);
    }

    /** The entity's watermark, 0 when it has none, {@code null} when Redis cannot tell. */
    private Long watermark(String watermarkKey, PageRedis redis) {
        if (redis.problem != null) {
            return null;
        }
        Response r = redis.call(engine.remote().send(Request.cmd(Command.GET).arg(watermarkKey)),
                "the state of tracked LOCAL entries is unknown");
        if (redis.problem != null) {
            return null;
        }
        return r == null ? 0 : parseWatermark(r.toString());
    }

    private static long parseWatermark(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return (long) Math.ceil(Double.parseDouble(text.trim()));
        }
    }

    // ---- actions -------------------------------------------------------------------------------------------

    @JsonRpcDescription("Deletes one entry, by its URN, from one layer (LOCAL or REMOTE) or from both (empty)")
    @Blocking
    public int deleteEntry(@JsonRpcDescription("The entry's URN") String urn,
            @JsonRpcDescription("LOCAL, REMOTE, or empty for both") String layer) {
        StoredKey key = engine.keyspace().parse(urn);
        if (key == null || key.watermark()) {
            throw new IllegalArgumentException("'" + urn + "' is not the key of a GCache entry");
        }
        String wanted = layer == null ? "" : layer.trim().toUpperCase();
        int deleted = 0;
        UseCase uc = engine.useCase(key.useCase());
        if (!wanted.equals(REMOTE) && uc != null) {
            for (Map.Entry<Object, LocalEntry> e : List.copyOf(uc.local().entries().entrySet())) {
                if (urn.equals(uc.urn(e.getKey(), engine.keyspace()))) {
                    uc.local().remove(e.getKey(), e.getValue()); // through the layer, so its entity index follows
                    deleted++;
                }
            }
        }
        if (!wanted.equals(LOCAL) && engine.hasRemote()) {
            Response r;
            try {
                r = await(engine.remote().send(Request.cmd(Command.UNLINK).arg(urn)));
            } catch (RuntimeException e) {
                throw new IllegalStateException((wanted.equals(REMOTE) ? "" : "Deleted " + deleted + " LOCAL entr"
                        + (deleted == 1 ? "y" : "ies") + "; ") + "Redis " + why(e) + ": " + urn + " is not deleted there");
            }
            deleted += r == null ? 0 : r.toInteger();
        }
        return deleted;
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
                    + "Redis " + why(e) + ": no watermark was written, so REMOTE and the other processes still serve "
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
            throw new IllegalStateException("LOCAL is flushed, but Redis " + why(e) + ": its GCache keys may not all be "
                    + "deleted");
        }
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
        if (millis <= 0) {
            return "off";
        }
        if (millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
