package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.quarkiverse.gcache.runtime.key.StoredKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis keyspace notifications of watermark keys (SPEC §15, "any writer reaches LOCAL"): a watermark set by any writer
 * (the Python GCache, {@code redis-cli}, a GCache that does not announce) drops this process's LOCAL entries of the
 * entity, as the invalidation channel's message does. The subscriber subscribes to {@link #pattern()} beside the
 * channel; this class says at start-up which path is in force, switches the notifications on when asked to, and turns
 * a notification into an invalidation.
 * <p>
 * A notification carries the key and the command's name, not the value, so the value is read (one {@code GET}):
 * <ul>
 * <li>a fill that writes {@code 0} (another writer's "never invalidated") invalidates nothing;</li>
 * <li>a watermark in the future is an invalidation's future buffer: LOCAL keeps the entity out until it passes, as the
 * channel's {@code <keyType>+<ms>:<id>} form says (treating every notification as "invalidated now" would miss it);</li>
 * <li>a value that cannot be read (Redis failed, the key is already gone) is taken as "invalidated now": a drop too
 * many costs a miss, one too few serves a stale entry.</li>
 * </ul>
 * Expiry, eviction and deletion of a watermark invalidate nothing (its entries become unreadable in REMOTE, see
 * {@link RemoteRead#fenced}), so they are ignored; so is the watermark a fill creates where one is missing.
 */
final class KeyspaceEvents {

    private static final Logger LOG = Logger.getLogger(KeyspaceEvents.class);
    private static final Duration MIN_START_LIMIT = Duration.ofSeconds(2);
    /**
     * Notifications about a watermark that did not get a new value, and {@code setrange}: how a REMOTE fill creates a
     * missing watermark ({@link Scripts#WRITE}), which fences older entries in Redis but invalidates no LOCAL entry.
     */
    private static final Set<String> NO_NEW_VALUE = Set.of("del", "expire", "expired", "evicted", "persist",
            "rename_from", "move_from", "unlink", "setrange");

    private final RedisGateway gateway;
    private final Keyspace keyspace;
    private final String channelPrefix;
    private final boolean enable;

    /**
     * @param database the Redis database GCache uses (its notifications are named after it)
     * @param enable whether to switch the server's notifications on ({@code remote.enable-keyspace-events})
     */
    KeyspaceEvents(RedisGateway gateway, Keyspace keyspace, int database, boolean enable) {
        this.gateway = gateway;
        this.keyspace = keyspace;
        this.channelPrefix = "__keyspace@" + database + "__:";
        this.enable = enable;
    }

    /** {@code __keyspace@<db>__:{<prefix>:*}#watermark}: the notifications of this prefix's watermark keys. */
    String pattern() {
        return channelPrefix + "{" + keyspace.prefix() + ":*}#watermark";
    }

    /** Whether a {@code notify-keyspace-events} value sends what {@link #pattern()} listens to. */
    static boolean inForce(String flags) {
        return flags.contains("K") && (flags.contains("$") || flags.contains("A"));
    }

    /**
     * Logs the one start-up line that says which path reaches LOCAL, after switching the notifications on when asked
     * to, on each of {@code nodes}: the client's own target (under the key {@code ""}), or every master of a cluster by
     * address, since each master sends only its own keys' notifications. Never fails: a server that refuses
     * {@code CONFIG} is reported, and the pattern is listened to anyway (the operator may have switched the
     * notifications on).
     */
    Uni<Void> announce(String channel, Map<String, Redis> nodes) {
        if (nodes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<NodeFlags>> each = new ArrayList<>();
        nodes.forEach((address, redis) -> each.add(flagsOf(address, redis)));
        return Uni.join().all(each).andFailFast().invoke(all -> log(channel, all)).replaceWithVoid();
    }

    /**
     * Switches the notifications on again, when asked to, before a subscription on {@code redis} comes back: a server
     * restarted on its address (a crash, a redeploy) starts with its configured flags, not those GCache set at start.
     * Never fails.
     */
    Uni<Void> switchOnAgain(String address, Redis redis) {
        return enable ? flagsOf(address, redis).replaceWithVoid() : Uni.createFrom().voidItem();
    }

    /** What one node's {@code notify-keyspace-events} is (after the switch-on), or why it could not be read or set. */
    private record NodeFlags(String address, String flags, Throwable failure) {
        String label() {
            return address + " " + (failure != null ? "(" + failure.getMessage() + ")" : "\"" + flags + "\"");
        }
    }

    private Uni<NodeFlags> flagsOf(String address, Redis redis) {
        // bounded: a Redis that does not answer at start must not hold the subscription back
        return redis.send(Request.cmd(Command.CONFIG).arg("GET").arg("notify-keyspace-events"))
                .ifNoItem().after(startLimit()).fail()
                .map(KeyspaceEvents::flags)
                .chain(flags -> !enable || inForce(flags) ? Uni.createFrom().item(flags) : switchOn(address, redis, flags))
                .map(flags -> new NodeFlags(address, flags, null))
                .onFailure().recoverWithItem(e -> new NodeFlags(address, null, e));
    }

    private void log(String channel, List<NodeFlags> nodes) {
        List<NodeFlags> failed = nodes.stream().filter(n -> n.failure() != null).toList();
        List<NodeFlags> on = nodes.stream().filter(n -> n.failure() == null && inForce(n.flags())).toList();
        List<NodeFlags> off = nodes.stream().filter(n -> n.failure() == null && !inForce(n.flags())).toList();
        boolean cluster = !nodes.get(0).address().isEmpty();
        String masters = cluster ? " [masters " + String.join(", ", nodes.stream().map(NodeFlags::address).toList())
                + "]" : "";
        if (on.size() == nodes.size()) {
            Set<String> distinct = new LinkedHashSet<>(on.stream().map(NodeFlags::flags).toList());
            LOG.infof("GCache drops LOCAL entries on invalidations from the channel %s and on keyspace "
                    + "notifications of watermark keys (%s; notify-keyspace-events=%s): a watermark set by "
                    + "any writer reaches LOCAL%s", channel, pattern(), String.join("/", distinct), masters);
        } else if (off.size() == nodes.size()) {
            LOG.infof("GCache drops LOCAL entries on invalidations from the channel %s only: the server's "
                    + "notify-keyspace-events (\"%s\") has no K with $ or A, so a watermark set by another "
                    + "writer (the Python GCache, redis-cli) reaches LOCAL only when the entries expire. Set "
                    + "quarkus.gcache.remote.enable-keyspace-events=true, or notify-keyspace-events K$ on "
                    + "the server%s", channel, off.get(0).flags(), masters);
        } else if (failed.size() == nodes.size()) {
            String why = failed.get(0).failure().getMessage();
            if (enable) {
                LOG.errorf("quarkus.gcache.remote.enable-keyspace-events=true, but GCache could not switch on "
                        + "keyspace notifications (%s). GCache drops LOCAL entries on invalidations from the "
                        + "channel %s, and on keyspace notifications of watermark keys only if the server "
                        + "sends them: set notify-keyspace-events K$ on the server, or allow this user "
                        + "+config|get and +config|set%s", why, channel, masters);
            } else {
                LOG.infof("GCache drops LOCAL entries on invalidations from the channel %s, and listens to "
                        + "keyspace notifications of watermark keys (%s) in case the server sends them: it "
                        + "cannot read notify-keyspace-events (%s)%s", channel, pattern(), why, masters);
            }
        } else {
            // masters that differ: a watermark reaches LOCAL from some of them only, so say which
            LOG.warnf("GCache drops LOCAL entries on invalidations from the channel %s, and on keyspace notifications "
                    + "of watermark keys (%s) only from the masters that send them: on %s; not on %s%s. A watermark "
                    + "set by another writer on those reaches LOCAL only when the entries expire. Set "
                    + "notify-keyspace-events K$ on every master (or quarkus.gcache.remote.enable-keyspace-events=true "
                    + "with +config|get and +config|set)", channel, pattern(),
                    String.join(", ", on.stream().map(NodeFlags::label).toList()),
                    String.join(", ", off.stream().map(NodeFlags::label).toList()),
                    failed.isEmpty() ? "" : ", unknown on " + String.join(", ",
                            failed.stream().map(NodeFlags::label).toList()));
        }
    }

    /** How long each start-up command may take: the REMOTE timeout, at least 2 s (a first TLS handshake). */
    private Duration startLimit() {
        return gateway.timeout().compareTo(MIN_START_LIMIT) > 0 ? gateway.timeout() : MIN_START_LIMIT;
    }

    /** The value of a {@code CONFIG GET notify-keyspace-events} answer: an array (RESP2) or a map (RESP3). */
    private static String flags(Response answer) {
        try {
            return answer.get(1).toString();
        } catch (RuntimeException mapNotArray) {
            return answer.get("notify-keyspace-events").toString();
        }
    }

    private Uni<String> switchOn(String address, Redis redis, String flags) {
        String on = flags + (flags.contains("K") ? "" : "K") + (flags.contains("$") || flags.contains("A") ? "" : "$");
        return redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events").arg(on))
                .ifNoItem().after(startLimit()).fail()
                .replaceWith(on)
                .invoke(() -> LOG.infof("GCache switched on keyspace notifications (notify-keyspace-events=%s), "
                        + "as quarkus.gcache.remote.enable-keyspace-events asks%s", on,
                        address.isEmpty() ? "" : " (master " + address + ")"));
    }

    /** A notification of {@code channel} ({@code __keyspace@<db>__:<key>}) that {@code event} ran on the key. */
    void onNotification(String channel, String event, InvalidationSubscriber.Listener listener) {
        if (!channel.startsWith(channelPrefix) || NO_NEW_VALUE.contains(event)) {
            return;
        }
        String key = channel.substring(channelPrefix.length());
        StoredKey watermark = keyspace.parse(key);
        if (watermark == null || !watermark.watermark()) {
            return;
        }
        gateway.watermarkOrMissing(key).subscribe().with(value -> {
            if (value == 0) {
                return; // "never invalidated"
            }
            long buffer = 0;
            if (value != RemoteRead.MISSING_WATERMARK) {
                long now = gateway.startTime(); // errs early: the buffer, if any, comes out a little long
                buffer = Math.max(0, value - (now == ServerClock.UNKNOWN ? System.currentTimeMillis() : now));
            }
            listener.invalidated(watermark.keyType(), watermark.id(), buffer);
        }, failure -> listener.invalidated(watermark.keyType(), watermark.id(), 0));
    }
}
