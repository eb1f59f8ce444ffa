package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.config.Durations;
import io.quarkiverse.gcache.runtime.key.Keyspace;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Keeps this process subscribed to the invalidation channel, so that an {@code invalidate} in any process drops
 * the entity's LOCAL entries here. When the subscription is lost the listener is told at once (it drops every
 * tracked LOCAL entry, since it may miss messages) and the subscriber reconnects with a growing delay. A connection
 * can also die silently (a NAT or load balancer drops it without a reset): a periodic PING with a deadline notices
 * it, and it is handled as any other loss. Beside the channel it listens to the keyspace notifications of watermark
 * keys ({@link KeyspaceEvents}), so that a watermark set by any writer drops LOCAL entries too.
 * <p>
 * Over 400 lines: subscribing, the ping that finds a silent loss and reconnecting are one state machine over one
 * connection (each step's failure leads into the next), and reading it in one place is how its races are checked.
 */
public final class InvalidationSubscriber {

    private static final Logger LOG = Logger.getLogger(InvalidationSubscriber.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    /** What the subscriber reports. */
    public interface Listener {

        /**
         * An entity was invalidated somewhere; with {@code futureBufferMillis} above 0 its watermark lies that far in
         * the future, and nothing read meanwhile may be kept.
         */
        void invalidated(String keyType, String id, long futureBufferMillis);

        /** The subscription is (again) live: nothing is being missed from now on. */
        void subscribed();

        /** The subscription is gone: messages may be missed until {@link #subscribed()}. */
        void lost();
    }

    private final Redis redis;
    private final String channel;
    private final Listener listener;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private volatile boolean live;
    private volatile boolean stopped;
    /** The current subscription's connection; guarded by {@code this} with {@link #stopped}. */
    private RedisConnection connection;
    private Duration retry = FIRST_RETRY;
    /** Keyspace notifications of watermark keys, listened to beside the channel; {@code null}: the channel only. */
    private final KeyspaceEvents keyspaceEvents;
    /** False once Redis refused the keyspace pattern (an ACL without {@code &__keyspace@*}): the channel goes on. */
    private volatile boolean keyspaceAllowed = true;
    /** A PSUBSCRIBE was sent and not yet confirmed: an error reply now is its refusal. */
    private volatile boolean keyspacePending;
    /** The channel's refusal was logged and no subscription succeeded since. */
    private volatile boolean refusalLogged;

    /**
     * @param pingInterval how often the subscription's connection is checked with a PING ({@code 0}: never)
     * @param pingTimeout how long a PING, or the connect of a new subscription, may take before it counts as lost
     */
    public InvalidationSubscriber(Redis redis, String channel, Listener listener, Duration pingInterval,
            Duration pingTimeout) {
        this.redis = redis;
        this.channel = channel;
        this.listener = listener;
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
        this.keyspaceEvents = null;
    }

    /**
     * A subscriber of the channel and of the keyspace notifications of {@code keyspace}'s watermark keys (SPEC §15), as
     * {@code setup} configures it.
     */
    public InvalidationSubscriber(RemoteSetup setup, Keyspace keyspace, Listener listener) {
        this.redis = setup.layer().redis();
        this.channel = keyspace.channel();
        this.listener = listener;
        this.pingInterval = setup.subscriptionPingInterval();
        this.pingTimeout = setup.subscriptionPingTimeout();
        this.keyspaceEvents = new KeyspaceEvents(setup.layer(), keyspace, setup.database(),
                setup.enableKeyspaceEvents());
    }

    /**
     * The message that announces an invalidation of {@code keyType}/{@code id}: {@code <keyType>:<id>}, the form of
     * the Python GCache and of every GCache version. While its watermark lies in the future, the invalidation is also
     * announced as {@code <keyType>+<ms left>:<id>}: readers before this form take {@code <keyType>+<ms left>} for a
     * key type they do not know and ignore it (key types never contain '+' or ':'; ids may contain anything).
     * {@code RedisGateway}'s invalidation script publishes both.
     */
    public static String message(String keyType, String id, long futureBufferMillis) {
        return futureBufferMillis > 0 ? keyType + "+" + futureBufferMillis + ":" + id : keyType + ":" + id;
    }

    /**
     * The id as the message's escaped form carries it, or {@code null} when the id needs none: a lone surrogate has no
     * UTF-8 form (the message would carry {@code ?} instead, another entity's id), so an id with one is also announced
     * as {@code <keyType>%:<id>} (and {@code <keyType>%+<ms left>:<id>}), the surrogate written {@code %uD800} and a
     * {@code %} {@code %25}. Readers that do not know that form ignore it (no key type contains {@code %}).
     */
    public static String escapedId(String id) {
        boolean lone = false;
        for (int i = 0; i < id.length() && !lone; i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else {
                lone = Character.isSurrogate(c);
            }
        }
        if (!lone) {
            return null;
        }
        StringBuilder sb = new StringBuilder(id.length() + 16);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                sb.append(c).append(id.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append(String.format("%%u%04X", (int) c));
            } else if (c == '%') {
                sb.append("%25");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The id an escaped message carries ({@link #escapedId}), or {@code null} when it is not well formed. */
    static String unescapeId(String escaped) {
        StringBuilder sb = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '%') {
                sb.append(c);
            } else if (escaped.startsWith("%25", i)) {
                sb.append('%');
                i += 2;
            } else if (escaped.startsWith("%u", i) && i + 6 <= escaped.length()) {
                try {
                    sb.append((char) Integer.parseInt(escaped.substring(i + 2, i + 6), 16));
                } catch (NumberFormatException e) {
                    return null;
                }
                i += 5;
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** Hands a message in any form of {@link #message} to {@code listener}; anything else is ignored. */
    static void deliver(String payload, Listener listener) {
        int colon = payload.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String keyType = payload.substring(0, colon);
        long bufferMillis = 0;
        int plus = keyType.indexOf('+');
        if (plus >= 0) {
            try {
                bufferMillis = Long.parseLong(keyType.substring(plus + 1));
            } catch (NumberFormatException e) {
                return;
            }
            keyType = keyType.substring(0, plus);
            if (keyType.isEmpty() || bufferMillis < 0) {
                return;
            }
        }
        String id = payload.substring(colon + 1);
        if (keyType.endsWith("%")) { // the escaped form of an id with a lone surrogate
            keyType = keyType.substring(0, keyType.length() - 1);
            id = unescapeId(id);
            if (keyType.isEmpty() || id == null) {
                return;
            }
        }
        listener.invalidated(keyType, id, bufferMillis);
    }

    public void start() {
        if (keyspaceEvents != null) {
            // the start-up line, and the switch-on when asked, before the first subscription asks for notifications
            keyspaceEvents.announce(channel).subscribe().with(x -> connect(), x -> connect());
        } else {
            connect();
        }
    }

    /** Whether the subscription is live now. */
    public boolean live() {
        return live;
    }

    public void stop() {
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
                LOG.debugf("Cannot subscribe to GCache invalidations yet: %s", failure.getMessage());
                retryLater();
            }
        });
        if (checked()) {
            later(pingTimeout, () -> {
                if (settled.compareAndSet(false, true)) {
                    LOG.debugf("Cannot subscribe to GCache invalidations yet: no connection within %s",
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
            keyspaceAllowed = false;
            LOG.errorf("Redis refused the subscription to keyspace notifications %s (%s): a watermark set by another "
                    + "writer does not reach LOCAL. Allow the user the channel pattern &__keyspace@*", keyspaceEvents
                    .pattern(), reply);
            return;
        }
        if (reply.type() == ResponseType.ERROR) {
            // once until a subscription succeeds: a refusal (NOPERM) does not pass by itself, the retries would flood
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.warnf("Redis refused the GCache invalidation subscription on %s: %s", channel, reply);
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
            deliver(reply.get(2).toString(), listener);
        } else if ("pmessage".equals(kind) && reply.size() >= 4 && keyspaceEvents != null) {
            keyspaceEvents.onNotification(reply.get(2).toString(), reply.get(3).toString(), listener);
        } else if ("psubscribe".equals(kind)) {
            keyspacePending = false;
        } else if ("subscribe".equals(kind) && channel.equals(reply.get(1).toString()) && !stopped) {
            retry = FIRST_RETRY;
            listener.subscribed(); // drops what may have been missed before LOCAL serves tracked use cases again
            live = true;
            refusalLogged = false;
            LOG.debugf("Subscribed to GCache invalidations on %s", channel);
            subscribeToKeyspace(conn);
        }
    }

    /**
     * Asks for the keyspace notifications of watermark keys on the subscribed connection, once the channel is
     * confirmed: a refusal (an ACL without the pattern) then cannot be taken for the channel's, which would end the
     * subscription. A notification that comes before the confirmation is handled all the same.
     */
    private void subscribeToKeyspace(RedisConnection conn) {
        if (keyspaceEvents == null || !keyspaceAllowed) {
            return;
        }
        keyspacePending = true;
        conn.send(Request.cmd(Command.PSUBSCRIBE).arg(keyspaceEvents.pattern())).subscribe().with(ok -> {
        }, failure -> LOG.debugf("PSUBSCRIBE to keyspace notifications failed: %s", failure.getMessage()));
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
                InvalidationSubscriber.this.onReply(reply, () -> lost("refused"), conn);
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
            synchronized (InvalidationSubscriber.this) {
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
            if (wasLive) { // a connection never subscribed (refused, unanswered) is no loss to log at every retry
                LOG.warnf("Lost the GCache invalidation subscription on %s (%s): tracked LOCAL entries are dropped and "
                        + "LOCAL is skipped for them until it is back", channel, why);
            }
            listener.lost();
            retryLater();
        }
    }

    private static void close(RedisConnection conn) {
        conn.close().subscribe().with(x -> {
        }, x -> {
        });
    }

    private static void later(Duration delay, Runnable action) {
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
