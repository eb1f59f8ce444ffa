package io.quarkiverse.gcache.runtime.remote;

import java.util.List;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * Makes a client for one node of a Redis Cluster, with the credentials and TLS of the client Quarkus built for GCache
 * ({@link RedisOptionsCapture}): the cluster client routes a connection to a node of its choosing, and a subscription
 * per master needs a connection to each one.
 */
public final class NodeClients {

    private final Vertx vertx;
    private final RedisOptions cluster;

    private NodeClients(Vertx vertx, RedisOptions cluster) {
        this.vertx = vertx;
        this.cluster = cluster;
    }

    /**
     * How to reach each node of the cluster the client of {@code options} talks to, or {@code null} when it is not a
     * cluster client (a single Redis, a sentinel setup, a replication: one subscription through the client is enough).
     */
    public static NodeClients of(Vertx vertx, RedisOptions options) {
        return options != null && options.getType() == RedisClientType.CLUSTER ? new NodeClients(vertx, options)
                : null;
    }

    /** A single-node client of the node at {@code address} ({@code host:port}); the caller closes it. */
    Redis client(String address) {
        RedisOptions options = new RedisOptions(cluster)
                .setType(RedisClientType.STANDALONE)
                .setEndpoints(List.of(endpoint(cluster.getEndpoint(), address)))
                // one subscribed connection, plus one for the start-up CONFIG commands
                .setMaxPoolSize(2)
                .setPoolName("gcache-subscription-" + address);
        return Redis.createClient(vertx, options);
    }

    /**
     * {@code original} (the client's first endpoint, {@code redis[s]://[user:password@]host:port[/db][?...]}) with its
     * host and port replaced by {@code address}: the scheme (TLS or not), the credentials and the database stay.
     */
    static String endpoint(String original, String address) {
        int schemeEnd = original.indexOf("://");
        String scheme = schemeEnd < 0 ? "redis" : original.substring(0, schemeEnd);
        String rest = schemeEnd < 0 ? original : original.substring(schemeEnd + 3);
        int authorityEnd = rest.length();
        for (char c : new char[] { '/', '?', '#' }) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < authorityEnd) {
                authorityEnd = at;
            }
        }
        String authority = rest.substring(0, authorityEnd);
        int userInfoEnd = authority.lastIndexOf('@');
        String userInfo = userInfoEnd < 0 ? "" : authority.substring(0, userInfoEnd + 1);
        return scheme + "://" + userInfo + hostAndPort(address) + rest.substring(authorityEnd);
    }

    /** CLUSTER NODES writes an IPv6 host bare ({@code ::1:7001}); a URI needs it in brackets ({@code [::1]:7001}). */
    private static String hostAndPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.indexOf(':') == colon || address.startsWith("[")) {
            return address;
        }
        return "[" + address.substring(0, colon) + "]" + address.substring(colon);
    }
}
