package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

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
 * tracked LOCAL entry, since it may miss messages) and the subscriber reconnects with a growing delay.
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
    private volatile boolean live;
    private volatile boolean stopped;
    private volatile RedisConnection connection;
    private Duration retry = FIRST_RETRY;

    public InvalidationSubscriber(Redis redis, String channel, Listener listener) {
        this.redis = redis;
        this.channel = channel;
        this.listener = listener;
    }

    /**
     * The message that announces an invalidation of {@code keyType}/{@code id}: {@code <keyType>:<id>}, the form of
     * the Python GCache and of every GCache version. While its watermark lies in the future, the invalidation is also
     * announced as {@code <keyType>+<ms left>:<id>}: readers before this form take {@code <keyType>+<ms left>} for a
     * key type they do not know and ignore it (key types never contain '+' or ':'; ids may contain anything).
     * {@code RemoteLayer}'s invalidation script publishes both.
     */
    public static String message(String keyType, String id, long futureBufferMillis) {
        return futureBufferMillis > 0 ? keyType + "+" + futureBufferMillis + ":" + id : keyType + ":" + id;
    }

    /** Hands a message in either form of {@link #message} to {@code listener}; anything else is ignored. */
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
        listener.invalidated(keyType, payload.substring(colon + 1), bufferMillis);
    }

    public void start() {
        connect();
    }

    /** Whether the subscription is live now. */
    public boolean live() {
        return live;
    }

    public void stop() {
        stopped = true;
        live = false;
        RedisConnection c = connection;
        if (c != null) {
            c.close().subscribe().with(x -> {
            }, x -> {
            });
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().subscribe().with(conn -> {
            connection = conn;
            AtomicBoolean ended = new AtomicBoolean();
            Runnable lost = () -> {
                if (ended.compareAndSet(false, true)) {
                    onLost(conn);
                }
            };
            conn.handler(reply -> onReply(reply, lost));
            conn.exceptionHandler(t -> lost.run());
            conn.endHandler(lost);
            // SUBSCRIBE completes as soon as it is written: the server's answer, its confirmation or an error such
            // as NOPERM, comes to the handler, and only the confirmation makes the subscription live.
            conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(ok -> {
            }, failure -> lost.run());
        }, failure -> {
            LOG.debugf("Cannot subscribe to GCache invalidations yet: %s", failure.getMessage());
            retryLater();
        });
    }

    /** What the server sends on the subscribed connection: the confirmation, a message, or an error. */
    private void onReply(Response reply, Runnable lost) {
        if (reply == null) {
            return;
        }
        if (reply.type() == ResponseType.ERROR) {
            LOG.warnf("Redis refused the GCache invalidation subscription on %s: %s", channel, reply);
            lost.run();
            return;
        }
        // RESP2 (arrays) and RESP3 (pushes) both deliver [kind, channel, payload or count].
        if ((reply.type() != ResponseType.MULTI && reply.type() != ResponseType.PUSH) || reply.size() < 3) {
            return;
        }
        String kind = reply.get(0).toString();
        if ("message".equals(kind)) {
            deliver(reply.get(2).toString(), listener);
        } else if ("subscribe".equals(kind) && channel.equals(reply.get(1).toString())) {
            retry = FIRST_RETRY;
            listener.subscribed(); // drops what may have been missed before LOCAL serves tracked use cases again
            live = true;
            LOG.debugf("Subscribed to GCache invalidations on %s", channel);
        }
    }

    private void onLost(RedisConnection conn) {
        live = false;
        if (stopped) {
            return; // our own stop() closed it
        }
        LOG.warnf("Lost the GCache invalidation subscription on %s: tracked LOCAL entries are dropped and LOCAL is "
                + "skipped for them until it is back", channel);
        listener.lost();
        conn.close().subscribe().with(x -> {
        }, x -> {
        });
        retryLater();
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        Duration delay = retry;
        retry = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
        Uni.createFrom().voidItem().onItem().delayIt().by(delay).subscribe().with(x -> connect());
    }
}
