package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Redis, as GCache uses it: one round trip per read (value and watermark by a plain {@code GET}/{@code MGET}, the
 * server's time from the {@link ServerClock}; a Lua script that also reads {@code TIME} while the clock has no
 * estimate), writes with a TTL, watermarks, deletes and a prefix flush. Every operation is bounded by
 * {@code remote.timeout}, reports to the {@link Breaker}, and fails as a {@code Uni} failure: the engine falls back
 * to the method, never to the caller.
 * <p>
 * Over 400 lines: the Lua scripts (read, write, invalidate, scan) are kept beside the calls that run them, so a
 * reader sees a script and its arguments together; the walk over every cluster master (the masters, the scan script
 * routed to each, the check that the right node answered) is one piece that the flush and the Dev UI's key browser
 * both use; the operator's operations ({@code CacheEntries}: scan every node, inspect, unlink) are at the end, under
 * the same timeout and breaker. The estimate of the server's clock lives in {@link ServerClock}; this class only
 * takes its samples (TIME needs Redis) and asks it for the time a read starts at.
 */
public final class RedisGateway {

    /**
     * GET the entry, GET the watermark (if a second key is given) and the server's TIME, in one round trip: the read
     * while the {@link ServerClock} has no estimate (before its first sample, after a failure, on a Redis Cluster).
     */
    static final String READ_SCRIPT = """
            local v = redis.call('GET', KEYS[1])
            local w = false
            if #KEYS > 1 then w = redis.call('GET', KEYS[2]) end
            local t = redis.call('TIME')
            return {v, w, t[1], t[2]}""";

    /**
     * Sets the watermark to server time + buffer (never lowering it), to live {@code watermark-ttl} past the moment it
     * marks (never shortening its life), and announces the invalidation: {@code <keyType>:<id>}, which every reader
     * knows (older Java processes included; the Python GCache listens to no channel), preceded while the watermark lies in the future by
     * {@code <keyType>+<ms left>:<id>}, which tells this version's readers to keep the entity out of LOCAL that long
     * and which older readers ignore (no key type contains '+'). An id with a lone surrogate, which UTF-8 cannot
     * carry, is announced in the escaped form too (ARGV[6], empty when not needed). See {@link InvalidationSubscriber}.
     */
    static final String INVALIDATE_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local w = now + tonumber(ARGV[1])
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            if current and current > w then w = current end
            local ttl = w - now + tonumber(ARGV[2])
            local left = redis.call('PTTL', KEYS[1])
            if left > ttl then ttl = left end
            local s = string.format('%.0f', w)
            redis.call('SET', KEYS[1], s, 'PX', string.format('%.0f', ttl))
            if w > now then
              redis.call('PUBLISH', ARGV[3], ARGV[4] .. '+' .. string.format('%.0f', w - now) .. ':' .. ARGV[5])
              if ARGV[6] ~= '' then
                redis.call('PUBLISH', ARGV[3], ARGV[4] .. '%+' .. string.format('%.0f', w - now) .. ':' .. ARGV[6])
              end
            end
            redis.call('PUBLISH', ARGV[3], ARGV[4] .. ':' .. ARGV[5])
            if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4] .. '%:' .. ARGV[6]) end
            return s""";

    /**
     * One SCAN page of the node that owns KEYS[1]'s slot: the cluster client routes a script by its keys, while a
     * plain SCAN goes to any one node. KEYS[1] itself is not read. The node's id comes back with the page, so a page
     * answered by another node (a redirection the client followed) is noticed instead of taken for this master's.
     */
    static final String SCAN_SCRIPT = """
            local r = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
            return {r[1], r[2], redis.call('CLUSTER', 'MYID')}""";

    private static final String READ_SHA = Scripts.sha1(READ_SCRIPT);

    /** {@link #nodes()} of a single Redis: one node, scanned with a plain SCAN. */
    private static final List<Master> STANDALONE = List.of(new Master("", null, null));
    private static final int SCAN_COUNT = 500;

    private final Redis redis;
    private final Duration timeout;
    private final Breaker breaker;
    private final String invalidateSha;
    private final String writeSha;
    private final String scanSha;
    private final ServerClock clock = new ServerClock();
    /** Whether the server is a Redis Cluster: 0 not known yet, 1 no, 2 yes (then the clock is not sampled). */
    private volatile int clustered;

    public RedisGateway(Redis redis, Duration timeout, int breakerThreshold, Duration breakerOpen) {
        this.redis = redis;
        this.timeout = timeout;
        this.breaker = new Breaker(breakerThreshold, breakerOpen.toNanos());
        this.invalidateSha = Scripts.sha1(INVALIDATE_SCRIPT);
        this.writeSha = Scripts.sha1(Scripts.WRITE);
        this.scanSha = Scripts.sha1(SCAN_SCRIPT);
    }

    public Redis redis() {
        return redis;
    }

    /** Whether REMOTE may be used for a call now (the breaker is closed, or this call is its probe). */
    public boolean available() {
        return breaker.allow();
    }

    public boolean breakerOpen() {
        return breaker.isOpen();
    }

    /** The longest any Redis operation may take ({@code remote.timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Opens the first connection and loads the scripts, so that the first request does not pay for it within its
     * timeout. Waits at most {@code limit}; gives {@code null}, or why it failed (see {@link RedisRefusal}).
     */
    public Throwable warmUp(Duration limit) {
        try {
            redis.send(Request.cmd(Command.PING))
                    .chain(() -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(READ_SCRIPT)))
                    .chain(() -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(INVALIDATE_SCRIPT)))
                    .chain(() -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(Scripts.WRITE)))
                    // the first sample of the clock, so that reads are plain from the start; without it they run
                    // the script until one comes (a server that refuses INFO or TIME is still up)
                    .chain(() -> sampleClock().onFailure().recoverWithNull())
                    .await().atMost(limit);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Reads an entry, and the entity's watermark when {@code watermarkKey} is not {@code null}, with the Redis time at
     * which the read started (never later than it really was: see {@link ServerClock}).
     */
    public Uni<RemoteRead> read(String key, String watermarkKey) {
        long startedAt = startTime();
        if (startedAt == ServerClock.UNKNOWN) {
            return bounded(readScript(key, watermarkKey)).map(r -> scriptRead(r, watermarkKey));
        }
        return bounded(redis.send(readRequest(key, watermarkKey))).map(r -> plainRead(r, watermarkKey, startedAt));
    }

    /**
     * The same read, for a thread that may block: it waits on this thread, at most the timeout. No timer is
     * scheduled (as {@link #bounded} does for a {@code Uni}), which would cost a hand-off to the scheduler's thread on
     * every read.
     */
    public RemoteRead readNow(String key, String watermarkKey) {
        long startedAt = startTime();
        boolean script = startedAt == ServerClock.UNKNOWN;
        Response response;
        try {
            response = (script ? readScript(key, watermarkKey) : redis.send(readRequest(key, watermarkKey)))
                    .await().atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            failed();
            throw new RedisTimeoutException(timeout);
        } catch (RuntimeException e) {
            report(e);
            throw e;
        }
        breaker.success();
        return script ? scriptRead(response, watermarkKey) : plainRead(response, watermarkKey, startedAt);
    }

    /**
     * What a REMOTE read sends while the clock has an estimate: {@code GET} of the entry, or {@code MGET} of the entry
     * and the watermark (one slot: they share the hash tag). Public so that the benchmarks send the very same request.
     */
    public static Request readRequest(String key, String watermarkKey) {
        return watermarkKey == null ? Request.cmd(Command.GET).arg(key)
                : Request.cmd(Command.MGET).arg(key).arg(watermarkKey);
    }

    /** What a REMOTE read sends while the clock has no estimate: the read script by its SHA (the benchmarks' too). */
    public static Request readScriptRequest(String key, String watermarkKey) {
        Request request = Request.cmd(Command.EVALSHA).arg(READ_SHA).arg(watermarkKey == null ? 1 : 2).arg(key);
        return watermarkKey == null ? request : request.arg(watermarkKey);
    }

    /**
     * The Redis time a read started now would be created at, in epoch milliseconds, never later than the server's
     * clock; {@link Long#MIN_VALUE} while there is no estimate (the read then asks Redis). Starts a new sample of the
     * clock when one is due.
     */
    public long startTime() {
        long now = System.nanoTime();
        long estimate = clock.nowMillis(now);
        if (clustered != 2 && clock.sampleDue(now)) {
            sampleClock().subscribe().with(ignored -> {
            }, ignored -> {
            }); // a failure is the breaker's business; the next read tries again later
        }
        return estimate;
    }

    /**
     * Samples the server's clock ({@code TIME}) for {@link #startTime}. Not on a Redis Cluster: each master has its own
     * clock, and a {@code TIME} sent through the cluster client reaches any one of them, not the one that serves a
     * given key; the reads there keep the script, which reads the clock of the master that holds the key.
     */
    public Uni<Void> sampleClock() {
        if (clustered == 0) {
            return nodes().chain(nodes -> {
                clustered = nodes == STANDALONE ? 1 : 2;
                return sampleClock();
            });
        }
        if (clustered == 2) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            long sent = System.nanoTime();
            return bounded(redis.send(Request.cmd(Command.TIME))).invoke(r -> clock.record(
                    Long.parseLong(r.get(0).toString()) * 1000 + Long.parseLong(r.get(1).toString()) / 1000, sent,
                    System.nanoTime()));
        }).replaceWithVoid();
    }

    private Uni<Response> readScript(String key, String watermarkKey) {
        return redis.send(readScriptRequest(key, watermarkKey))
                .onFailure(RedisGateway::noScript)
                .recoverWithUni(() -> redis.send(scriptRequest(Command.EVAL, READ_SCRIPT,
                        watermarkKey == null ? List.of(key) : List.of(key, watermarkKey), List.of())));
    }

    /** An answer to {@link #readScriptRequest}: entry, watermark, and the server's TIME in seconds and microseconds. */
    private static RemoteRead scriptRead(Response r, String watermarkKey) {
        Response value = r.get(0);
        Response watermark = r.get(1);
        long seconds = Long.parseLong(r.get(2).toString());
        long micros = Long.parseLong(r.get(3).toString());
        return new RemoteRead(value == null ? null : value.toBytes(), watermark(watermark, watermarkKey),
                seconds * 1000 + micros / 1000, watermarkKey);
    }

    /** An answer to {@link #readRequest}: the entry (GET), or the entry and the watermark (MGET). */
    private static RemoteRead plainRead(Response r, String watermarkKey, long startedAt) {
        if (watermarkKey == null) {
            return new RemoteRead(r == null ? null : r.toBytes(), 0, startedAt, null);
        }
        Response value = r.get(0);
        Response watermark = r.get(1);
        return new RemoteRead(value == null ? null : value.toBytes(), watermark(watermark, watermarkKey), startedAt,
                watermarkKey);
    }

    /** A read's watermark: 0 for an untracked read, {@link RemoteRead#MISSING_WATERMARK} when the key is absent. */
    private static long watermark(Response watermark, String watermarkKey) {
        if (watermarkKey == null) {
            return 0;
        }
        return watermark == null ? RemoteRead.MISSING_WATERMARK : parseWatermark(watermark.toString());
    }

    /** A watermark as the Python GCache and {@code invalidate} write it: epoch milliseconds. */
    static long parseWatermark(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            // A fractional or otherwise odd watermark still invalidates: round it up.
            return (long) Math.ceil(Double.parseDouble(text.trim()));
        }
    }

    /**
     * Writes an entry created at {@code createdAt} (Redis clock) to expire at {@code createdAt + ttlMillis}; for a
     * tracked use case ({@code watermarkKey} not {@code null}) only if the watermark is older than the entry, and to
     * expire no later than {@code createdAt + watermarkTtlMillis} (see {@link Scripts#WRITE}); the watermark key is created when absent, or kept, to live at least as long as the entry.
     */
    public Uni<Void> write(String key, String watermarkKey, byte[] entry, long createdAt, long ttlMillis,
            long watermarkTtlMillis) {
        return writeTaken(key, watermarkKey, entry, createdAt, ttlMillis, watermarkTtlMillis).replaceWithVoid();
    }

    /**
     * {@link #write}, telling whether the entry was written: {@code false} when the write script found the entity's
     * watermark at or after {@code createdAt} (the write is fenced; see {@link Scripts#WRITE}).
     */
    public Uni<Boolean> writeTaken(String key, String watermarkKey, byte[] entry, long createdAt, long ttlMillis,
            long watermarkTtlMillis) {
        List<String> keys = watermarkKey == null ? List.of(key) : List.of(key, watermarkKey);
        List<Object> args = List.of(entry, Long.toString(createdAt), Long.toString(ttlMillis),
                Long.toString(watermarkTtlMillis));
        return bounded(script(writeSha, Scripts.WRITE, keys, args)).map(r -> r != null && r.toInteger() == 1);
    }

    /**
     * Moves the entity's watermark to server time + {@code bufferMillis} and announces it on {@code channel} (see
     * {@link #INVALIDATE_SCRIPT}); gives the new watermark.
     */
    public Uni<Long> invalidate(String watermarkKey, long bufferMillis, long watermarkTtlMillis, String channel,
            String keyType, String id) {
        return bounded(script(invalidateSha, INVALIDATE_SCRIPT, List.of(watermarkKey),
                List.of(Long.toString(bufferMillis), Long.toString(watermarkTtlMillis), channel, keyType, id,
                        Objects.requireNonNullElse(InvalidationSubscriber.escapedId(id), ""))))
                .map(r -> Long.parseLong(r.toString()));
    }

    /** The fields and values of a hash. */
    public Uni<Map<String, String>> hashEntries(String key) {
        return bounded(redis.send(Request.cmd(Command.HGETALL).arg(key))).map(r -> {
            Map<String, String> entries = new HashMap<>();
            if (r != null) {
                for (String field : r.getKeys()) {
                    entries.put(field, r.get(field).toString());
                }
            }
            return entries;
        });
    }

    public Uni<Void> delete(String key) {
        return bounded(redis.send(Request.cmd(Command.UNLINK).arg(key))).replaceWithVoid();
    }

    /**
     * Unlinks every key matching one of {@code patterns} except those {@code keep} accepts, with SCAN (never KEYS). On a Redis
     * Cluster every master is scanned: a SCAN sent through the cluster client goes to one node only, so each page is
     * asked of each master by a script routed to it by a key of one of its slots that is not being migrated (a
     * migrating slot's missing key would be redirected to the importing node), and the page must come from that
     * master, else the flush fails: it reaches every master or says it did not. Each UNLINK goes through the cluster
     * client, which follows MOVED and ASK to wherever the key is.
     */
    public Uni<Long> flush(List<String> patterns, Predicate<String> keep) {
        return nodes().chain(nodes -> {
            Uni<Long> total = Uni.createFrom().item(0L);
            for (Master node : nodes) {
                for (String pattern : patterns) {
                    total = total.chain(sum -> scanAndUnlink(node, "0", pattern, keep, sum));
                }
            }
            return total;
        }).onFailure(SlotsMovedException.class).transform(e -> {
            Master moved = ((SlotsMovedException) e).master();
            return new IllegalStateException("The flush of the Redis Cluster master " + moved.address() + " ("
                    + moved.id() + ") was answered by node " + ((SlotsMovedException) e).answeredBy() + " (its slots "
                    + "moved during the flush): that master is not flushed. Flush again.");
        });
    }

    /**
     * A node to scan: a cluster master (its node id, its address for messages, and a key in one of its slots that
     * routes a script to it), or a single Redis (id {@code ""}, no route: a plain SCAN).
     */
    public record Master(String id, String address, String route) {
        boolean standalone() {
            return route == null;
        }
    }

    /** A cluster master's SCAN page was answered by another node: the master's slots moved since it was looked up. */
    public static final class SlotsMovedException extends IllegalStateException {
        private final transient Master master;
        private final String answeredBy;

        SlotsMovedException(Master master, String answeredBy) {
            super("The SCAN of the Redis Cluster master " + master.address() + " (" + master.id()
                    + ") was answered by node " + answeredBy + ": its slots moved");
            this.master = master;
            this.answeredBy = answeredBy;
        }

        public Master master() {
            return master;
        }

        public String answeredBy() {
            return answeredBy;
        }
    }

    /** How to reach each node to scan: {@link #STANDALONE} for a single Redis, else every master that owns slots. */
    private Uni<List<Master>> nodes() {
        return bounded(redis.send(Request.cmd(Command.INFO).arg("cluster"))).chain(info -> {
            if (!info.toString().contains("cluster_enabled:1")) {
                return Uni.createFrom().item(STANDALONE);
            }
            return bounded(redis.send(Request.cmd(Command.CLUSTER).arg("NODES"))).map(n -> masters(n.toString()));
        });
    }

    /**
     * The masters of a {@code CLUSTER NODES} answer, each with a routing key in a slot it owns that no node marks as
     * migrating or importing. A master all of whose slots are moving cannot be addressed: the flush (or the key list) fails.
     */
    static List<Master> masters(String clusterNodes) {
        // <id> <ip:port@bus[,host]> <flags> <master> <ping> <pong> <epoch> <link> <slot or from-to>... plus
        // [slot->-target] on a migrating source and [slot-<-source] on an importing target.
        Set<Integer> moving = new HashSet<>();
        Map<String, String[]> masterLines = new LinkedHashMap<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    moving.add(Integer.parseInt(f[i].substring(1, f[i].indexOf('-'))));
                }
            }
            if (Arrays.asList(f[2].split(",")).contains("master")) {
                masterLines.put(f[0], f);
            }
        }
        List<Master> masters = new ArrayList<>();
        for (String[] f : masterLines.values()) {
            String address = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
            boolean ownsSlots = false;
            Integer stable = null;
            for (int i = 8; i < f.length && stable == null; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                int dash = f[i].indexOf('-');
                int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1));
                ownsSlots = true;
                for (int slot = from; slot <= to; slot++) {
                    if (!moving.contains(slot)) {
                        stable = slot;
                        break;
                    }
                }
            }
            if (stable != null) {
                masters.add(new Master(f[0], address, ClusterSlots.keyInSlots(stable, stable)));
            } else if (ownsSlots) {
                throw new IllegalStateException("Cannot scan the Redis Cluster master " + address + ": every slot it "
                        + "owns is being migrated, so no key routes to it. Try again when the migration is done.");
            }
        }
        return masters;
    }

    /**
     * One SCAN page of {@code node}: {cursor, keys}. Fails with {@link SlotsMovedException} when a cluster master's
     * page comes from another node.
     */
    private Uni<Response> scanPage(Master node, String cursor, String pattern, int count) {
        if (node.standalone()) {
            return bounded(redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT")
                    .arg(count)));
        }
        return bounded(script(scanSha, SCAN_SCRIPT, List.of(node.route()),
                List.of(cursor, pattern, Integer.toString(count)))).map(r -> {
                    String answeredBy = r.get(2).toString();
                    if (!answeredBy.equals(node.id())) {
                        throw new SlotsMovedException(node, answeredBy);
                    }
                    return r;
                });
    }

    private Uni<Long> scanAndUnlink(Master node, String cursor, String pattern, Predicate<String> keep, long sum) {
        return scanPage(node, cursor, pattern, SCAN_COUNT).chain(r -> {
            String next = r.get(0).toString();
            List<String> keys = new ArrayList<>();
            for (Response k : r.get(1)) {
                if (!keep.test(k.toString())) {
                    keys.add(k.toString());
                }
            }
            Uni<Long> unlinked = Uni.createFrom().item(sum);
            for (String k : keys) {
                // One key per UNLINK: in a cluster the keys of one page live on different slots.
                unlinked = unlinked.chain(s -> bounded(redis.send(Request.cmd(Command.UNLINK).arg(k))).map(x -> s + 1));
            }
            return unlinked.chain(
                    s -> next.equals("0") ? Uni.createFrom().item(s) : scanAndUnlink(node, next, pattern, keep, s));
        });
    }

    /** Runs a script by its SHA, loading it with EVAL when the server does not know it yet. */
    private Uni<Response> script(String sha, String source, List<String> keys, List<?> args) {
        return redis.send(scriptRequest(Command.EVALSHA, sha, keys, args))
                .onFailure(RedisGateway::noScript)
                .recoverWithUni(() -> redis.send(scriptRequest(Command.EVAL, source, keys, args)));
    }

    private static boolean noScript(Throwable t) {
        return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
    }

    private static Request scriptRequest(Command command, String scriptOrSha, List<String> keys, List<?> args) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
        for (String k : keys) {
            request.arg(k);
        }
        for (Object a : args) {
            if (a instanceof byte[] bytes) {
                request.arg(bytes);
            } else {
                request.arg((String) a);
            }
        }
        return request;
    }

    /**
     * Redis did not serve: tells the breaker, and forgets the clock's estimate (the server may have restarted, or
     * failed over to one whose clock is behind; see {@link ServerClock}).
     */
    private void failed() {
        breaker.failure();
        clock.forget();
    }

    /** Bounds an operation by the timeout and tells the breaker how it went. */
    private <T> Uni<T> bounded(Uni<T> operation) {
        return operation
                .ifNoItem().after(timeout).failWith(() -> new RedisTimeoutException(timeout))
                .onItemOrFailure().invoke((item, failure) -> {
                    if (failure == null) {
                        breaker.success();
                    } else {
                        report(failure);
                    }
                });
    }

    /**
     * Tells the breaker what a failure says about Redis. The breaker stands for "Redis cannot serve": an error reply
     * about the request (a foreign key of another type, a refused command) comes from a Redis that answered, and
     * an interrupted wait says nothing about Redis at all; neither may open it for every call.
     */
    private void report(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof InterruptedException) {
            return;
        }
        if (cause instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR
                && answeredByRedis(reply)) {
            breaker.success();
            return;
        }
        failed();
    }

    /** An error reply about the request itself, from a Redis that is up; not CLUSTERDOWN, LOADING, BUSY, TRYAGAIN... */
    static boolean answeredByRedis(io.vertx.redis.client.Response error) {
        String text = error.toString();
        int space = text.indexOf(' ');
        String code = space < 0 ? text : text.substring(0, space);
        return REQUEST_ERRORS.contains(code);
    }

    private static final Set<String> REQUEST_ERRORS = Set.of("WRONGTYPE", "ERR", "NOPERM", "CROSSSLOT", "NOSCRIPT",
            "EXECABORT");

    // ---- an operator's operations (the Dev UI, through CacheEntries) ----------------------------------------
    // Each asks the breaker first and fails at once while it is open, then is bounded by the timeout and reports to
    // the breaker like the engine's own operations: an operator's click never waits for a Redis that is known down.

    /** One step of a plain SCAN: the cursor to go on from ("0" at the end) and the keys it found. */
    public record ScanStep(String cursor, List<String> keys) {
    }

    /** What an operator sees of a stored entry: its bytes, its TTL left (ms) and its entity's watermark (0 if none). */
    public record StoredEntry(byte[] value, long ttlLeftMillis, long watermark) {
    }

    /** An operation that was not sent: the breaker is open after repeated failures. */
    public static final class BreakerOpenException extends IllegalStateException {
        BreakerOpenException() {
            super("Redis is skipped after repeated failures (the breaker is open)");
        }
    }

    /**
     * The nodes whose keys a listing walks, each scanned with {@link #scanStep}: the one node of a single Redis (id
     * {@code ""}), or every master of a Redis Cluster that owns slots (the flush's walk).
     */
    public Uni<List<Master>> scanNodes() {
        if (!available()) {
            return Uni.createFrom().failure(new BreakerOpenException());
        }
        return nodes();
    }

    /**
     * One SCAN step of {@code node} (one of {@link #scanNodes}) over the keys matching {@code pattern}; fails with
     * {@link SlotsMovedException} when a cluster master's slots moved since it was looked up.
     */
    public Uni<ScanStep> scanStep(Master node, String cursor, String pattern, int count) {
        if (!available()) {
            return Uni.createFrom().failure(new BreakerOpenException());
        }
        return scanPage(node, cursor, pattern, count).map(r -> {
                    List<String> keys = new ArrayList<>();
                    for (Response k : r.get(1)) {
                        keys.add(k.toString());
                    }
                    return new ScanStep(r.get(0).toString(), keys);
                });
    }

    /**
     * An entry's bytes, TTL left and (when {@code watermarkKey} is not {@code null}) its entity's watermark, in one
     * round trip; {@code null} when the entry is gone.
     */
    public Uni<StoredEntry> inspect(String key, String watermarkKey) {
        List<Request> batch = new ArrayList<>(3);
        batch.add(Request.cmd(Command.GET).arg(key));
        batch.add(Request.cmd(Command.PTTL).arg(key));
        if (watermarkKey != null) {
            batch.add(Request.cmd(Command.GET).arg(watermarkKey));
        }
        return guarded(redis.batch(batch)).map(r -> r.get(0) == null ? null
                : new StoredEntry(r.get(0).toBytes(), r.get(1).toLong(),
                        r.size() > 2 && r.get(2) != null ? parseWatermark(r.get(2).toString()) : 0));
    }

    /** The entity's watermark, 0 when it has none. */
    public Uni<Long> watermark(String watermarkKey) {
        return guarded(redis.send(Request.cmd(Command.GET).arg(watermarkKey)))
                .map(r -> r == null ? 0L : parseWatermark(r.toString()));
    }

    /**
     * A watermark as a reader sees it: its value, or {@link RemoteRead#MISSING_WATERMARK} when the key is absent. Not
     * refused while the breaker is open: a keyspace notification just showed that Redis answers.
     */
    public Uni<Long> watermarkOrMissing(String watermarkKey) {
        return bounded(redis.send(Request.cmd(Command.GET).arg(watermarkKey)))
                .map(r -> r == null ? RemoteRead.MISSING_WATERMARK : parseWatermark(r.toString()));
    }

    /** Unlinks one key; gives how many keys were removed (0 or 1). */
    public Uni<Integer> unlink(String key) {
        return guarded(redis.send(Request.cmd(Command.UNLINK).arg(key))).map(r -> r == null ? 0 : r.toInteger());
    }

    /** The breaker, then {@link #bounded}: a lazy operation that is not subscribed while the breaker is open. */
    private <T> Uni<T> guarded(Uni<T> operation) {
        if (!available()) {
            return Uni.createFrom().failure(new BreakerOpenException());
        }
        return bounded(operation);
    }
}
