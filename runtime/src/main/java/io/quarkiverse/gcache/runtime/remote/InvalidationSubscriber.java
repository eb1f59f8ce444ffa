package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkiverse.gcache.runtime.key.Keyspace;
import io.vertx.mutiny.redis.client.Redis;

/**
 * Keeps this process subscribed to the invalidation channel, so that an {@code invalidate} in any process drops
 * the entity's LOCAL entries here. Beside the channel it listens to the keyspace notifications of watermark keys
 * ({@link KeyspaceEvents}), so that a watermark set by any writer drops LOCAL entries too.
 * <p>
 * It coordinates the subscribed connections: one through the client on a single Redis or a sentinel setup, one per
 * master on a Redis Cluster ({@link ClusterSubscriptions}), each a {@link NodeSubscription} that pings and reconnects
 * by itself. The subscription is live only while every one of them is: when any is lost the listener is told at once
 * (it drops every tracked LOCAL entry, since it may miss messages), and told it is subscribed again only when all are
 * back. On a cluster a message can arrive once per master (the bus forwards every PUBLISH to every node): an
 * invalidation is idempotent, so a repeat costs nothing but a lookup.
 */
public final class InvalidationSubscriber implements NodeSubscription.Events {

    private static final Logger LOG = Logger.getLogger(InvalidationSubscriber.class);

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

    private final String channel;
    private final Listener listener;
    /** The one subscription on a single Redis or a sentinel setup; {@code null} on a cluster. */
    private final NodeSubscription single;
    /** The subscriptions per master on a cluster; {@code null} otherwise. */
    private final ClusterSubscriptions cluster;
    /** The client of {@link #single}, for the start-up line. */
    private final Redis redis;
    /** Keyspace notifications of watermark keys, listened to beside the channel; {@code null}: the channel only. */
    private final KeyspaceEvents keyspaceEvents;
    /** Whether every subscription is confirmed; changed under {@code this}, with the listener's calls. */
    private volatile boolean live;
    private volatile boolean stopped;

    /**
     * A subscriber of the channel alone, through {@code redis}.
     *
     * @param pingInterval how often the subscription's connection is checked with a PING ({@code 0}: never)
     * @param pingTimeout how long a PING, or the connect of a new subscription, may take before it counts as lost
     */
    public InvalidationSubscriber(Redis redis, String channel, Listener listener, Duration pingInterval,
            Duration pingTimeout) {
        this.channel = channel;
        this.listener = listener;
        this.redis = redis;
        this.keyspaceEvents = null;
        this.single = new NodeSubscription(redis, "", channel, null, new NodeSubscription.KeyspaceState(), this,
                pingInterval, pingTimeout, null);
        this.cluster = null;
    }

    /**
     * A subscriber of the channel and of the keyspace notifications of {@code keyspace}'s watermark keys (SPEC §15), as
     * {@code setup} configures it: on a cluster, on every master.
     */
    public InvalidationSubscriber(RemoteSetup setup, Keyspace keyspace, Listener listener) {
        this.channel = keyspace.channel();
        this.listener = listener;
        this.redis = setup.layer().redis();
        this.keyspaceEvents = new KeyspaceEvents(setup.layer(), keyspace, setup.database(),
                setup.enableKeyspaceEvents());
        NodeSubscription.KeyspaceState allowed = new NodeSubscription.KeyspaceState();
        Duration interval = setup.subscriptionPingInterval();
        Duration timeout = setup.subscriptionPingTimeout();
        if (setup.clusterNodes() == null) {
            this.single = new NodeSubscription(redis, "", channel, keyspaceEvents.pattern(), allowed, this, interval,
                    timeout, () -> keyspaceEvents.switchOnAgain("", redis));
            this.cluster = null;
        } else {
            this.single = null;
            this.cluster = new ClusterSubscriptions(setup.layer(), setup.clusterNodes(),
                    (address, client) -> new NodeSubscription(client, address, channel, keyspaceEvents.pattern(),
                            allowed, this, interval, timeout, () -> keyspaceEvents.switchOnAgain(address, client)),
                    clients -> keyspaceEvents.announce(channel, clients), this::judge);
        }
    }

    /**
     * The message that announces an invalidation of {@code keyType}/{@code id}: {@code <keyType>:<id>}, the form of
     * every GCache version (the Python GCache neither publishes nor subscribes: its watermarks reach LOCAL through
     * keyspace notifications). While its watermark lies in the future, the invalidation is also
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
        if (cluster != null) {
            cluster.start(); // announces on the masters once it knows them, then subscribes on each
        } else if (keyspaceEvents != null) {
            // the start-up line, and the switch-on when asked, before the first subscription asks for notifications
            keyspaceEvents.announce(channel, Map.of("", redis)).subscribe().with(x -> single.start(),
                    x -> single.start());
        } else {
            single.start();
        }
    }

    /** Whether the subscription is live now: on a cluster, on every master. */
    public boolean live() {
        return live;
    }

    public void stop() {
        synchronized (this) {
            stopped = true;
            live = false;
        }
        if (cluster != null) {
            cluster.stop();
        } else {
            single.stop();
        }
    }

    @Override
    public void message(String payload) {
        deliver(payload, listener);
    }

    @Override
    public void notification(String notificationChannel, String event) {
        if (keyspaceEvents != null) {
            keyspaceEvents.onNotification(notificationChannel, event, listener);
        }
    }

    @Override
    public void confirmed(NodeSubscription node) {
        judge();
    }

    @Override
    public void lost(NodeSubscription node, String why, boolean wasLive) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            live = false;
            if (wasLive) {
                LOG.warnf("Lost the GCache invalidation subscription on %s%s (%s): tracked LOCAL entries are dropped "
                        + "and LOCAL is skipped for them until it is back", channel, node.on(), why);
            }
            listener.lost();
        }
        if (cluster != null) {
            cluster.refresh(); // the node lost may no longer be a master (a failover)
        }
    }

    /**
     * Judges the aggregate again after a confirmation or a change of masters: live once every subscription is (the
     * listener first drops what may have been missed), lost as soon as one is not (a new master's messages were not
     * heard until now).
     */
    private synchronized void judge() {
        if (stopped) {
            return;
        }
        boolean all = cluster != null ? cluster.allLive() : single.live();
        if (all && !live) {
            listener.subscribed(); // drops what may have been missed before LOCAL serves tracked use cases again
            live = true;
        } else if (!all && live) {
            live = false;
            listener.lost();
        }
    }
}
