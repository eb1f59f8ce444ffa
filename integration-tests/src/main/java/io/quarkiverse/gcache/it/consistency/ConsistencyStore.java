package io.quarkiverse.gcache.it.consistency;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The system of record the history checker's processes share: a Redis of its own ({@code consistency.store.uri}),
 * apart from the cache's, that the checker never faults. Per entity a hash {@code entity:<id>} (version, value) and
 * a list {@code history:<id>} of every {@code version|value} it ever held, which the checker reads at the end.
 * A write bumps the version and sets the value in one script, so a read sees a version and its own value.
 */
@ApplicationScoped
public class ConsistencyStore {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String WRITE = "local v = redis.call('HINCRBY', KEYS[1], 'version', 1) "
            + "redis.call('HSET', KEYS[1], 'value', ARGV[1]) "
            + "redis.call('RPUSH', KEYS[2], v .. '|' .. ARGV[1]) "
            + "return v";

    private final Vertx vertx;
    private final Optional<String> uri;
    private volatile Redis client;

    public ConsistencyStore(Vertx vertx, @ConfigProperty(name = "consistency.store.uri") Optional<String> uri) {
        this.vertx = vertx;
        this.uri = uri;
    }

    /** The entity as the store holds it now. */
    public EntitySnapshot read(String id) {
        Response reply = send(Request.cmd(Command.HMGET).arg("entity:" + id).arg("version").arg("value"));
        Response version = reply.get(0);
        Response value = reply.get(1);
        String text = value == null ? null : value.toString();
        return new EntitySnapshot(id, version == null ? 0 : version.toLong(),
                text == null || text.isEmpty() ? null : text);
    }

    /** Writes {@code value} ({@code null} deletes the entity) and returns the entity's new version. */
    public long write(String id, String value) {
        return send(Request.cmd(Command.EVAL).arg(WRITE).arg("2").arg("entity:" + id).arg("history:" + id)
                .arg(value == null ? "" : value)).toLong();
    }

    private Response send(Request request) {
        return client().send(request).await().atMost(TIMEOUT);
    }

    private Redis client() {
        Redis c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = Redis.createClient(vertx, uri.orElseThrow(() -> new IllegalStateException(
                            "consistency.store.uri is not set: the /consistency endpoints need the checker's store")));
                }
                c = client;
            }
        }
        return c;
    }
}
