package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.config.Durations;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * One subscribed connection through one Redis client (a single Redis, or one master of a cluster): SUBSCRIBE of the
 * invalidation channel and, once confirmed, PSUBSCRIBE of the keyspace pattern; a periodic PING with a deadline to
 * notice a connection that died silently (a NAT or load balancer drops it without a reset); a reconnect with a
 * growing delay after any loss. What it hears and whether it is live goes to its {@link Events}; deciding what a loss
 * means for LOCAL is the {@link InvalidationSubscriber}'s.
 * <p>
 * Subscribing, the ping and reconnecting are one state machine over one connection (each step's failure leads into the
 * next), kept in one class so that its races are checked in one place.
 */
final class NodeSubscription {

    private static final Logger LOG = Logger.getLogger(NodeSubscription.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    /** What a node subscription reports; each call may come from any event-loop thread. */
    interface Events {

        /** A message on the channel. */
        void message(String payload);

        /** A keyspace notification: its channel ({@code __keyspace@<db>__:<key>}) and the command's name. */
        void notification(String channel, String event);

        /** The channel's subscription is confirmed on this node. */
        void confirmed(NodeSubscription node);

        /**
         * This node's subscription is gone: messages may be missed until {@link #confirmed}. {@code wasLive} is false
         * for a connection that never subscribed (refused, unanswered): no loss worth a log line at every retry.
         */
        void lost(NodeSubscription node, String why, boolean wasLive);
    }

    /** Whether the keyspace pattern may still be asked for; shared by every node of one subscriber. */
    static final class KeyspaceState {
        /** False once Redis refused the pattern (an ACL without {@code &__keyspace@*}): the channel goes on. */
        volatile boolean allowed = true;
    }

    private final Redis redis;
    /** {@code host:port} of a cluster master, or the empty string for the client's own (single, sentinel) target. */
    private final String address;
    private final String channel;
    /** The keyspace pattern to PSUBSCRIBE, or {@code null}: the channel only. */
    private final String pattern;
    private final KeyspaceState keyspace;
    private final Events events;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    /** Run before each connect after the first ({@code null}: nothing): the keyspace switch-on, lost with a restart. */
    private final Supplier<Uni<Void>> beforeReconnect;
    private volatile boolean reconnecting;
    private volatile boolean live;
    private volatile boolean stopped;
    /** The current connection; guarded by {@code this} with {@link #stopped}. */
    private RedisConnection connection;
    private Duration retry = FIRST_RETRY;
    /** A PSUBSCRIBE was sent and not yet confirmed: an error reply now is its refusal. */
    private volatile boolean keyspacePending;
    /** The channel's refusal was logged and no subscription succeeded since. */
    private volatile boolean refusalLogged;

    NodeSubscription(Redis redis, String address, String channel, String pattern, KeyspaceState keyspace,
            Events events, Duration pingInterval, Duration pingTimeout, Supplier<Uni<Void>> beforeReconnect) {
        this.redis = redis;
        this.beforeReconnect = beforeReconnect;
        this.address = address;
        this.channel = channel;
        this.pattern = pattern;
        this.keyspace = keyspace;
        this.events = events;
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
    }

    /** The cluster master's {@code host:port}, or the empty string for a single Redis. */
    String address() {
        return address;
    }

    boolean live() {
        return live;
    }

    void start() {
        connect();
    }

    void stop() {
        RedisConnection c;
        synchronized (this) {
            stopped = true;
            live = false;
            c = connection;
            connection = null;
        }
        if (c != null) {
            close(c);
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        if (reconnecting && beforeReconnect != null) {
            beforeReconnect.get().subscribe().with(x -> open(), x -> open());
        } else {
            reconnecting = true;
            open();
        }
    }

    private void open() {
        if (stopped) {
            return;
        }
        // A connect through a dead network path may never complete (the handshake goes unanswered): it is given up
        // after the PING deadline, and a connection that still arrives after that is closed.
        AtomicBoolean settled = new AtomicBoolean();
        redis.connect().subscribe().with(conn -> {
            if (settled.compareAndSet(false, true)) {
                attach(conn);
            } else {
                close(conn);
            }
        }, failure -> {
            if (settled.compareAndSet(false, true)) {
                LOG.debugf("Cannot subscribe to GCache invalidations%s yet: %s", on(), failure.getMessage());
                retryLater();
            }
        });
        if (checked()) {
            later(pingTimeout, () -> {
                if (settled.compareAndSet(false, true)) {
                    LOG.debugf("Cannot subscribe to GCache invalidations%s yet: no connection within %s", on(),
                            Durations.format(pingTimeout));
                    retryLater();
                }
            });
        }
    }

    private void attach(RedisConnection conn) {
        synchronized (this) {
            if (stopped) {
                close(conn); // stop() (a dev-mode reload, a shutdown) came while this connect was under way
                return;
            }
            connection = conn;
        }
        Session session = new Session(conn);
        conn.handler(session::onReply);
        conn.exceptionHandler(t -> session.lost("connection failed: " + t.getMessage()));
        conn.endHandler(() -> session.lost("connection closed"));
        // SUBSCRIBE completes as soon as it is written: the server's answer, its confirmation or an error such
        // as NOPERM, comes to the handler, and only the confirmation makes the subscription live.
        conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(ok -> {
        }, failure -> session.lost("SUBSCRIBE failed: " + failure.getMessage()));
        if (checked()) {
            session.pingLater();
        }
    }

    /** What the server sends on the subscribed connection: the confirmation, a message, or an error. */
    private void onReply(Response reply, Runnable lost, RedisConnection conn) {
        if (reply == null) {
            return;
        }
        if (reply.type() == ResponseType.ERROR && keyspacePending) {
            keyspacePending = false;
            keyspace.allowed = false;
            // Redis matches a subscribed pattern literally against the user's channel rules: &__keyspace@* is not enough
            LOG.errorf("Redis%s refused the subscription to keyspace notifications %s (%s): a watermark set by another "
                    + "writer does not reach LOCAL. Allow the user exactly that channel pattern: &%s", on(), pattern,
                    reply, pattern);
            return;
        }
        if (reply.type() == ResponseType.ERROR) {
            // once until a subscription succeeds: a refusal (NOPERM) does not pass by itself, the retries would flood
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.warnf("Redis%s refused the GCache invalidation subscription on %s: %s", on(), channel, reply);
            }
            lost.run();
            return;
        }
        // RESP2 (arrays) and RESP3 (pushes) both deliver [kind, channel, payload or count]; RESP2's answer to a PING
        // in subscribed mode, ["pong", ""], is ignored here.
        if ((reply.type() != ResponseType.MULTI && reply.type() != ResponseType.PUSH) || reply.size() < 3) {
            return;
        }
        String kind = reply.get(0).toString();
        if ("message".equals(kind)) {
            events.message(reply.get(2).toString());
        } else if ("pmessage".equals(kind) && reply.size() >= 4 && pattern != null) {
            events.notification(reply.get(2).toString(), reply.get(3).toString());
        } else if ("psubscribe".equals(kind)) {
            keyspacePending = false;
        } else if ("subscribe".equals(kind) && channel.equals(reply.get(1).toString()) && !stopped) {
            retry = FIRST_RETRY;
            live = true;
            refusalLogged = false;
            LOG.debugf("Subscribed to GCache invalidations on %s%s", channel, on());
            events.confirmed(this);
            subscribeToKeyspace(conn);
        }
    }

    /**
     * Asks for the keyspace notifications of watermark keys on the subscribed connection, once the channel is
     * confirmed: a refusal (an ACL without the pattern) then cannot be taken for the channel's, which would end the
     * subscription. A notification that comes before the confirmation is handled all the same.
     */
    private void subscribeToKeyspace(RedisConnection conn) {
        if (pattern == null || !keyspace.allowed) {
            return;
        }
        keyspacePending = true;
        conn.send(Request.cmd(Command.PSUBSCRIBE).arg(pattern)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("PSUBSCRIBE to keyspace notifications failed%s: %s", on(), failure.getMessage()));
    }

    private boolean checked() {
        return pingInterval.toNanos() > 0 && pingTimeout.toNanos() > 0;
    }

    /** One connection's subscription, from its connect until it is lost. */
    private final class Session {
        private final RedisConnection conn;
        private final AtomicBoolean ended = new AtomicBoolean();

        Session(RedisConnection conn) {
            this.conn = conn;
        }

        void onReply(Response reply) {
            if (!ended.get()) {
                NodeSubscription.this.onReply(reply, () -> lost("refused"), conn);
            }
        }

        /**
         * Checks the connection with a PING every {@code pingInterval}: a connection that a NAT or load balancer
         * dropped without a reset raises no error and no end, it only goes silent, and a subscription on it would
         * miss every invalidation while still counted live. No answer within {@code pingTimeout} is a loss.
         */
        void pingLater() {
            later(pingInterval, () -> {
                if (ended.get() || stopped) {
                    return;
                }
                conn.send(Request.cmd(Command.PING))
                        .ifNoItem().after(pingTimeout).fail()
                        .subscribe().with(reply -> {
                            // RESP2 pairs answers with commands in order: a message that came while the PING waited
                            // was handed to the PING, and is passed on here (the PING's own answer then comes to the
                            // handler, which ignores it).
                            onReply(reply);
                            pingLater();
                        }, failure -> {
                            if (failure instanceof TimeoutException) {
                                lost("no answer to PING within " + Durations.format(pingTimeout));
                            } else {
                                // An error reply is still an answer; a closed connection is reported by its handlers.
                                pingLater();
                            }
                        });
            });
        }

        void lost(String why) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            synchronized (NodeSubscription.this) {
                if (connection == conn) {
                    connection = null;
                }
            }
            boolean wasLive = live;
            live = false;
            close(conn);
            if (stopped) {
                return; // our own stop() closed it
            }
            events.lost(NodeSubscription.this, why, wasLive);
            retryLater();
        }
    }

    /** {@code " on <host:port>"} for a cluster master, nothing for a single Redis: for log lines. */
    String on() {
        return address.isEmpty() ? "" : " on " + address;
    }

    private static void close(RedisConnection conn) {
        conn.close().subscribe().with(x -> {
        }, x -> {
        });
    }

    static void later(Duration delay, Runnable action) {
        Uni.createFrom().voidItem().onItem().delayIt().by(delay).subscribe().with(x -> action.run());
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        Duration delay = retry;
        retry = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
        later(delay, this::connect);
    }
}
