package io.quarkiverse.gcache.runtime;

import java.time.Duration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.quarkiverse.gcache.CacheLayer;
import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.key.StoredKey;
import io.quarkiverse.gcache.runtime.remote.Envelope;
import io.quarkiverse.gcache.runtime.remote.RedisGateway;
import io.quarkiverse.gcache.runtime.remote.RedisGateway.BreakerOpenException;
import io.quarkiverse.gcache.runtime.remote.RedisGateway.Master;
import io.quarkiverse.gcache.runtime.remote.RedisGateway.ScanStep;
import io.quarkiverse.gcache.runtime.remote.RedisGateway.SlotsMovedException;
import io.quarkiverse.gcache.runtime.remote.RedisGateway.StoredEntry;
import io.quarkiverse.gcache.runtime.remote.RedisTimeoutException;
import io.quarkiverse.gcache.runtime.tier.LocalEntry;
import io.smallrye.mutiny.Uni;

/**
 * The entries GCache holds, as an operator sees them (the Dev UI's key browser): pages of the LOCAL and REMOTE
 * entries with their layer, TTL left, age, size, watermark state and JSON, and the delete of one entry by its URN.
 * It is part of the engine's API, so an operator's actions follow the application's rules: a LOCAL delete moves the use
 * case's generation (a fill that started before it does not write the entry back), and every Redis operation goes
 * through the {@link RedisGateway}'s operator calls (skipped while the breaker is open, else bounded by
 * {@code remote.timeout}). Blocking: run it on a worker thread.
 */
public final class CacheEntries {

    /** What {@link #page} accepts as a cursor: the ones it gives. */
    private static final Pattern CURSOR = Pattern.compile("L\\d{1,9}|R[01](@[0-9a-f]{40})?:\\d{1,20}(:\\d{1,9})?");
    /** How long the wait for one Redis operation may last: the operation fails by itself after the timeout. */
    private static final long WAIT_SLACK_SECONDS = 1;

    /** Which entries to list; {@code null} fields match everything. {@code id} is the id as the method saw it. */
    public record Filter(String keyType, String id, String useCase) {
        boolean accepts(String keyType, String id, String useCase) {
            return (this.keyType == null || this.keyType.equals(keyType)) && (this.id == null || this.id.equals(id))
                    && (this.useCase == null || this.useCase.equals(useCase));
        }
    }

    /**
     * One entry. {@code state}: {@code fresh}, {@code stale} (created at or before its entity's watermark),
     * {@code unknown} (Redis could not tell) or {@code unreadable} (REMOTE bytes GCache did not write).
     * {@code ageMillis} is -1 when unknown; {@code size} is the JSON's bytes for LOCAL, the stored bytes for REMOTE.
     */
    public record Entry(String urn, CacheLayer layer, String useCase, String keyType, String id, boolean tracked,
            long ttlLeftMillis, long ageMillis, long size, String state, String json) {
    }

    /** One page: its entries, the cursor of the next page ({@code null} at the end), and what Redis did not answer. */
    public record Page(List<Entry> entries, String cursor, String note) {
    }

    private final GCacheEngine engine;

    CacheEntries(GCacheEngine engine) {
        this.engine = engine;
    }

    // ---- listing -------------------------------------------------------------------------------------------

    /**
     * One page of the entries of {@code layer} ({@code null} for both: LOCAL first, then Redis), from {@code cursor}
     * ({@code null} for the first page). A cursor is {@code L<offset>} in LOCAL, or
     * {@code R<phase>[@<node id>]:<scan>[:<skip>]} in Redis (phase 0 the tracked keys, 1 the others; on a Redis Cluster
     * the id of the master being scanned, the masters taken in the order of their ids; skip: how many matching keys of
     * that SCAN step an earlier page showed). When Redis fails, what does not need it is still given, with a note.
     *
     * @param json renders a LOCAL value as JSON (the application's {@code ObjectMapper})
     */
    public Page page(CacheLayer layer, Filter filter, String cursor, int size, Function<Object, String> json) {
        if (layer != null && layer != CacheLayer.LOCAL && layer != CacheLayer.REMOTE) {
            throw new IllegalArgumentException("layer must be LOCAL, REMOTE or empty for both, not '" + layer + "'");
        }
        if (cursor != null && !CURSOR.matcher(cursor).matches()) {
            throw new IllegalArgumentException("cursor '" + cursor + "' is not one the key list gave; leave it empty "
                    + "for the first page");
        }
        boolean withLocal = layer != CacheLayer.REMOTE;
        boolean withRemote = layer != CacheLayer.LOCAL && engine.hasRemote();
        String at = cursor != null ? cursor : withLocal ? "L0" : "R0:0";
        List<Entry> entries = new ArrayList<>();
        Redis redis = new Redis();
        String next;
        if (at.startsWith("L")) {
            int offset = Integer.parseInt(at.substring(1));
            List<LocalRow> rows = localRows(filter);
            int end = Math.min(rows.size(), offset + size);
            for (LocalRow row : rows.subList(Math.min(offset, rows.size()), end)) {
                entries.add(localEntry(row, redis, json));
            }
            next = end < rows.size() ? "L" + end : withRemote ? "R0:0" : null;
            if (next != null && next.startsWith("R") && entries.size() < size) {
                next = scanRemoteOrNote(filter, next, size - entries.size(), entries, redis);
            }
        } else {
            next = withRemote ? scanRemoteOrNote(filter, at, size, entries, redis) : null;
        }
        return new Page(entries, next, redis.problem);
    }

    /**
     * Redis as one page uses it: after its first failure (a timeout, an open breaker) it is not asked again for that
     * page, so a page costs at most one {@code remote.timeout} while Redis is down.
     */
    private final class Redis {
        String problem;

        <T> T call(Uni<T> operation, String what) {
            if (problem != null) {
                return null;
            }
            try {
                return await(operation);
            } catch (RuntimeException e) {
                problem = "Redis " + whyRedisFailed(e) + ": " + what;
                return null;
            }
        }
    }

    private record LocalRow(UseCase useCase, Object key, LocalEntry entry, String urn) {
    }

    private List<LocalRow> localRows(Filter filter) {
        Keyspace keyspace = engine.keyspace();
        List<LocalRow> rows = new ArrayList<>();
        for (UseCase uc : engine.useCases()) {
            if ((filter.useCase() != null && !filter.useCase().equals(uc.name()))
                    || (filter.keyType() != null && !filter.keyType().equals(uc.keyType()))) {
                continue;
            }
            long now = System.nanoTime();
            for (Map.Entry<Object, LocalEntry> e : uc.local().entries().entrySet()) {
                if (e.getValue().expired(now)) {
                    continue; // not yet swept: a read would not see it either
                }
                if (filter.id() == null || filter.id().equals(UseCase.idOf(e.getKey()))) {
                    rows.add(new LocalRow(uc, e.getKey(), e.getValue(), uc.urn(e.getKey(), keyspace)));
                }
            }
        }
        rows.sort(Comparator.comparing(LocalRow::urn));
        return rows;
    }

    private Entry localEntry(LocalRow row, Redis redis, Function<Object, String> json) {
        UseCase uc = row.useCase();
        String id = UseCase.idOf(row.key());
        String text;
        try {
            text = json.apply(row.entry().value());
        } catch (RuntimeException e) {
            text = "<not serializable as JSON: " + e.getMessage() + ">";
        }
        String state = "fresh";
        if (uc.tracked() && engine.hasRemote()) {
            Long watermark = redis.call(engine.remote().watermark(engine.keyspace().watermarkKey(uc.keyType(), id)),
                    "the state of tracked LOCAL entries is unknown");
            state = watermark == null ? "unknown" : row.entry().createdAtMillis() <= watermark ? "stale" : "fresh";
        }
        return new Entry(row.urn(), CacheLayer.LOCAL, uc.name(), uc.keyType(), id, uc.tracked(),
                row.entry().remainingMillis(System.nanoTime()), System.currentTimeMillis() - row.entry().createdAtMillis(),
                text.getBytes(StandardCharsets.UTF_8).length, state, text);
    }

    /** {@link #scanRemote}, or, when Redis fails, the end of the list with a note: what was found is still given. */
    private String scanRemoteOrNote(Filter filter, String cursor, int size, List<Entry> out, Redis redis) {
        try {
            return scanRemote(filter, cursor, size, out, redis);
        } catch (RuntimeException e) {
            note(redis, "Redis " + whyRedisFailed(e) + ": its entries cannot be listed now, only LOCAL's are shown");
            return null;
        }
    }

    /**
     * SCANs Redis from {@code cursor} until {@code size} entries are found; gives the cursor to go on from. On a Redis
     * Cluster each master is scanned in turn (a SCAN through the cluster client reaches one node only), in the order
     * of their node ids, so that a page resumes on the master it stopped on whatever order CLUSTER NODES answers in. A
     * master that cannot be scanned to its end (its slots moved, or it is no longer a master) is noted and skipped.
     */
    private String scanRemote(Filter filter, String cursor, int size, List<Entry> out, Redis redis) {
        Keyspace keyspace = engine.keyspace();
        String[] parts = cursor.substring(1).split(":");
        int at = parts[0].indexOf('@');
        int phase = Integer.parseInt(at < 0 ? parts[0] : parts[0].substring(0, at));
        String nodeId = at < 0 ? null : parts[0].substring(at + 1);
        String scan = parts[1];
        int skip = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        Boolean trackedOnly = null;
        if (filter.useCase() != null) {
            UseCase uc = engine.useCase(filter.useCase());
            trackedOnly = uc == null ? null : uc.tracked();
        }
        List<Master> nodes = new ArrayList<>(await(engine.remote().scanNodes()));
        nodes.sort(Comparator.comparing(Master::id));
        int node = 0;
        if (nodeId != null) {
            while (node < nodes.size() && nodes.get(node).id().compareTo(nodeId) < 0) {
                node++;
            }
            if (node == nodes.size() || !nodes.get(node).id().equals(nodeId)) {
                note(redis, "Redis Cluster master " + nodeId + " whose keys were being listed is no longer a "
                        + "master (a failover or a resharding): its keys not yet shown may be missing; list again");
                scan = "0";
                skip = 0;
            }
        }
        int found = 0;
        while (phase < 2) {
            if (node == nodes.size() || (phase == 0 && Boolean.FALSE.equals(trackedOnly))
                    || (phase == 1 && Boolean.TRUE.equals(trackedOnly))) {
                phase++;
                node = 0;
                scan = "0";
                skip = 0;
                continue;
            }
            Master master = nodes.get(node);
            String pattern = keyspace.scanPattern(filter.keyType(), filter.id(), phase == 0);
            ScanStep step;
            try {
                step = await(engine.remote().scanStep(master, scan, pattern, Math.max(100, size)));
            } catch (SlotsMovedException e) {
                note(redis, "Redis Cluster master " + master.address() + " (" + master.id() + ") moved its slots "
                        + "while its keys were listed (node " + e.answeredBy() + " answered its SCAN): its keys not yet "
                        + "shown are left out; list again");
                node++;
                scan = "0";
                skip = 0;
                continue;
            }
            int matching = 0;
            for (String k : step.keys()) {
                StoredKey key = keyspace.parse(k);
                if (key == null || key.watermark() || !filter.accepts(key.keyType(), key.id(), key.useCase())) {
                    continue;
                }
                if (matching++ < skip) {
                    continue; // shown on an earlier page
                }
                Entry e = remoteEntry(key);
                if (e != null) {
                    out.add(e);
                    if (++found >= size) {
                        // the page is full inside this step: the next page runs the same SCAN step and skips these
                        return "R" + phase + (master.id().isEmpty() ? "" : "@" + master.id()) + ":" + scan + ":"
                                + matching;
                    }
                }
            }
            skip = 0;
            scan = step.cursor();
            if (scan.equals("0")) {
                node++;
            }
        }
        return null;
    }

    /** Adds what Redis could not do to the page's note; the page still shows what it found. */
    private static void note(Redis redis, String problem) {
        redis.problem = redis.problem == null ? problem : redis.problem + "; " + problem;
    }

    private Entry remoteEntry(StoredKey key) {
        StoredEntry stored = await(engine.remote().inspect(key.key(),
                key.tracked() ? engine.keyspace().watermarkKey(key) : null));
        if (stored == null) {
            return null; // expired or deleted since the SCAN
        }
        byte[] bytes = stored.value();
        long createdAt = -1;
        String json;
        try {
            int separator = Envelope.separator(bytes);
            createdAt = Envelope.createdAt(bytes, separator);
            json = new String(bytes, separator + 1, bytes.length - separator - 1, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            json = new String(bytes, StandardCharsets.UTF_8);
        }
        String state = createdAt < 0 ? "unreadable"
                : key.tracked() && createdAt <= stored.watermark() ? "stale" : "fresh";
        return new Entry(key.key(), CacheLayer.REMOTE, key.useCase(), key.keyType(), key.id(), key.tracked(),
                stored.ttlLeftMillis(), createdAt < 0 ? -1 : System.currentTimeMillis() - createdAt, bytes.length, state,
                json);
    }

    // ---- deleting ------------------------------------------------------------------------------------------

    /**
     * Deletes the entry {@code urn} from {@code layer} ({@code null} for both); gives how many entries were removed.
     * In LOCAL it goes through the engine's delete, which moves the use case's generation: a fill that started before
     * the delete does not write the entry back. Throws {@link IllegalArgumentException} for a URN that names no entry,
     * and {@link IllegalStateException} saying what was done when Redis failed.
     */
    public int delete(String urn, CacheLayer layer) {
        StoredKey key = urn == null ? null : engine.keyspace().parse(urn);
        if (key == null || key.watermark()) {
            throw new IllegalArgumentException("'" + urn + "' is not the key of a GCache entry");
        }
        int deleted = 0;
        UseCase uc = engine.useCase(key.useCase());
        if (layer != CacheLayer.REMOTE && uc != null) {
            deleted += deleteLocal(uc, key);
        }
        if (layer != CacheLayer.LOCAL && engine.hasRemote()) {
            try {
                deleted += await(engine.remote().unlink(urn));
            } catch (RuntimeException e) {
                throw new IllegalStateException((layer == CacheLayer.REMOTE ? "" : "Deleted " + deleted + " LOCAL entr"
                        + (deleted == 1 ? "y" : "ies") + "; ") + "Redis " + whyRedisFailed(e) + ": " + urn
                        + " may not be deleted there");
            }
        }
        return deleted;
    }

    /**
     * Deletes the LOCAL entries whose URN is the key (one, or none while its fill runs), through the engine's delete
     * path. The id is taken from the key and from the entries that match: a lone surrogate in an id does not survive
     * the key's escaping back, so the key's own id may not name the entity.
     */
    private int deleteLocal(UseCase uc, StoredKey key) {
        Keyspace keyspace = engine.keyspace();
        Set<String> ids = new LinkedHashSet<>();
        ids.add(key.id());
        int matching = 0;
        for (Object k : uc.local().entries().keySet()) {
            if (key.key().equals(uc.urn(k, keyspace))) {
                ids.add(UseCase.idOf(k));
                matching++;
            }
        }
        for (String id : ids) {
            engine.deleteLocal(uc, id, k -> key.key().equals(uc.urn(k, keyspace)));
        }
        return matching;
    }

    // ---- Redis's failures, for an operator -----------------------------------------------------------------

    /** Waits for an operator's Redis operation; it fails by itself after {@code remote.timeout}. */
    private <T> T await(Uni<T> operation) {
        return operation.await().atMost(engine.remote().timeout().multipliedBy(2).plusSeconds(WAIT_SLACK_SECONDS));
    }

    /** What went wrong with Redis, for a sentence that starts with "Redis ". */
    public String whyRedisFailed(Throwable e) {
        if (e instanceof RedisTimeoutException || e instanceof io.smallrye.mutiny.TimeoutException) {
            return "did not answer within " + formatMillis(engine.remote().timeout().toMillis());
        }
        if (e instanceof BreakerOpenException
                || (e.getMessage() != null && e.getMessage().contains("the breaker is open"))) {
            return "is skipped after repeated failures (the breaker is open)";
        }
        return "failed (" + e + ")";
    }

    /** A duration as an operator reads it: {@code 3s}, {@code 250ms}, {@code 1h}; {@code off} for 0 or less. */
    public static String formatMillis(long millis) {
        return millis <= 0 ? "off" : Durations.format(Duration.ofMillis(millis));
    }
}
