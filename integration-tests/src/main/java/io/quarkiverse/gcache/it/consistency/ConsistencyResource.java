package io.quarkiverse.gcache.it.consistency;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkiverse.gcache.GCache;
import io.quarkiverse.gcache.GCacheScope;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The workload the history checker (integration-tests, package {@code it.history}) drives in each process: reads
 * inside an enable scope, writes and deletes that bump the store's version and then invalidate the entity. Not part
 * of the user-facing example; it needs {@code consistency.store.uri}.
 * <p>
 * Every answer is one line of {@code |}-separated fields, with the times of the operation on
 * {@link System#nanoTime()}: on Linux that is {@code CLOCK_MONOTONIC}, one clock for every process of the machine, so
 * the checker orders operations of different processes by it.
 */
@Path("/consistency")
@Produces(MediaType.TEXT_PLAIN)
public class ConsistencyResource {

    private final ConsistencyService service;
    private final ConsistencyStore store;
    private final GCache gcache;
    /** The Redis client GCache uses (the default one), looked up on the first write only. */
    private final Instance<Redis> cacheRedis;
    /** Reads of each use case and entity running now in this process: a read that starts alone leads its own fill. */
    private final ConcurrentHashMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

    public ConsistencyResource(ConsistencyService service, ConsistencyStore store, GCache gcache,
            Instance<Redis> cacheRedis) {
        this.service = service;
        this.store = store;
        this.gcache = gcache;
        this.cacheRedis = cacheRedis;
    }

    /** This process's clock, so that the checker can verify it shares one with the others. */
    @GET
    @Path("/clock")
    public long clock() {
        return System.nanoTime();
    }

    /**
     * Reads the entity through use case {@code local} or {@code remote} in an enable scope:
     * {@code version|value|source|start|end}. {@code source} is {@code method} or {@code remote} when this read started
     * with no other read of the same key running here and got a value made for it (its own method call, or else its own
     * REMOTE hit), and {@code reused} otherwise (LOCAL, or a fill it shared).
     * <p>
     * Use case {@code request} reads twice in one scope and answers with the second read, which the scope's memo serves:
     * {@code reused}, timed from the scope's start (the memo keeps what the scope saw first, by design, whatever is
     * invalidated elsewhere meanwhile). A first read whose fill an invalidation overtook is not kept in the memo
     * ({@code Invalidations}, rule 11): the second read then goes on to LOCAL and REMOTE and may see a newer version.
     */
    @GET
    @Path("/read/{useCase}/{id}")
    public String read(@PathParam("useCase") String useCase, @PathParam("id") String id) {
        long start = System.nanoTime();
        AtomicInteger readers = running.computeIfAbsent(useCase + ":" + id, k -> new AtomicInteger());
        boolean alone = readers.getAndIncrement() == 0;
        EntitySnapshot snapshot;
        boolean fresh;
        ConsistencyService.RAN_HERE.remove();
        try (GCacheScope scope = gcache.enable()) {
            snapshot = switch (useCase) {
                case "local" -> service.local(id);
                case "remote" -> service.remote(id);
                case "request" -> twiceInOneScope(id);
                default -> throw new NotFoundException("no use case " + useCase + "; local, remote or request");
            };
            // taken before this read stops counting as running: a read that starts alone after it cannot take it first
            fresh = snapshot.firstHandOut() && alone && !"request".equals(useCase);
        } finally {
            readers.decrementAndGet();
        }
        long end = System.nanoTime();
        String source = !fresh ? "reused" : ConsistencyService.RAN_HERE.get() != null ? "method" : "remote";
        ConsistencyService.RAN_HERE.remove();
        return snapshot.getVersion() + "|" + nullToEmpty(snapshot.getValue()) + "|" + source + "|" + start + "|" + end;
    }

    private EntitySnapshot twiceInOneScope(String id) {
        service.request(id);
        return service.request(id);
    }

    /**
     * Writes {@code value} to the store, then invalidates the entity: {@code version|start|end|acknowledged|confirmed},
     * where {@code acknowledged} says that the entity's watermark was seen to rise across the invalidation, and
     * {@code confirmed} is when that was seen (after {@code end}). GCache fails
     * open (an invalidation Redis did not take is logged, not thrown), so this is how the checker knows which writes
     * REMOTE must honour.
     */
    @POST
    @Path("/write/{id}")
    public String write(@PathParam("id") String id, @QueryParam("value") String value,
            @QueryParam("bufferMs") @DefaultValue("0") long bufferMs) {
        return writeAndInvalidate(id, value, bufferMs);
    }

    /** Deletes the entity in the store (a new version without a value), then invalidates it. */
    @POST
    @Path("/delete/{id}")
    public String delete(@PathParam("id") String id) {
        return writeAndInvalidate(id, null, 0);
    }

    /**
     * Reads the entity through {@code local} in a loop until it shows a version above {@code above}:
     * {@code seenAt|version}, or {@code timeout|version}, where {@code seenAt} is when the read that showed it began
     * (so the time of its fill does not count). The checker starts it before a write elsewhere and measures how long
     * this process's LOCAL went on serving the old version.
     */
    @GET
    @Path("/watch/{id}")
    public String watch(@PathParam("id") String id, @QueryParam("above") long above,
            @QueryParam("timeoutMs") @DefaultValue("10000") long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long version;
        do {
            long readStart = System.nanoTime();
            try (GCacheScope scope = gcache.enable()) {
                EntitySnapshot snapshot = service.local(id);
                snapshot.firstHandOut(); // so that a read of the probe entity never counts it as made for itself
                version = snapshot.getVersion();
            }
            if (version > above) {
                return readStart + "|" + version;
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos() / 5);
        } while (System.nanoTime() - deadline < 0);
        return "timeout|" + version;
    }

    private String writeAndInvalidate(String id, String value, long bufferMs) {
        long start = System.nanoTime();
        long version = store.write(id, value);
        long before = watermark(id);
        if (bufferMs > 0) {
            gcache.invalidate(ConsistencyService.KEY_TYPE, id, Duration.ofMillis(bufferMs));
        } else {
            gcache.invalidate(ConsistencyService.KEY_TYPE, id);
        }
        long end = System.nanoTime();
        // Read after the write's end is taken: a watermark that rose after the store's version did fences every entry
        // filled from an older version, whichever invalidation raised it.
        boolean acknowledged = before != UNKNOWN && watermark(id) > before;
        // The rise is known only now: an invalidation that timed out on this side (GCache logs it and returns) may
        // still run in Redis after `end`, so REMOTE is held to it from here, not from `end`.
        long confirmed = System.nanoTime();
        return version + "|" + start + "|" + end + "|" + acknowledged + "|" + confirmed;
    }

    private static final long UNKNOWN = Long.MIN_VALUE;

    /** The entity's watermark (SPEC §3: {@code {urn:gcache:<key type>:<id>}#watermark}), 0 if none, or UNKNOWN. */
    private long watermark(String id) {
        try {
            Response reply = cacheRedis.get().send(Request.cmd(Command.GET)
                    .arg("{urn:gcache:" + ConsistencyService.KEY_TYPE + ":" + id + "}#watermark"))
                    .await().atMost(Duration.ofMillis(500));
            return reply == null ? 0 : Long.parseLong(reply.toString());
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
