package io.quarkiverse.gcache.runtime.remote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;

/**
 * Keeps a copy of the options Quarkus creates each Redis client from (it calls every {@link RedisOptionsCustomizer}
 * bean just before), changing nothing: on a cluster GCache opens its own connection to each master, and it needs the
 * same credentials and TLS as the client the application configured through {@code quarkus.redis.*}.
 */
@Singleton
public class RedisOptionsCapture implements RedisOptionsCustomizer {

    /** The name Quarkus gives the default client. */
    public static final String DEFAULT_CLIENT = "<default>";

    private final Map<String, RedisOptions> options = new ConcurrentHashMap<>();

    @Override
    public void customize(String clientName, RedisOptions redisOptions) {
        options.put(clientName, new RedisOptions(redisOptions));
    }

    /** The options of the client named {@code clientName} ({@code null}: the default), or {@code null} if not built. */
    public RedisOptions options(String clientName) {
        RedisOptions captured = options.get(clientName == null ? DEFAULT_CLIENT : clientName);
        return captured == null ? null : new RedisOptions(captured);
    }
}
