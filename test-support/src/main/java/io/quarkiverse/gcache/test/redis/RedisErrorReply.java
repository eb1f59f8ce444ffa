package io.quarkiverse.gcache.test.redis;

/**
 * An error reply ({@code -ERR ...}, {@code -MOVED ...}, {@code -WRONGTYPE ...}) sent by a Redis server.
 * The message is the reply text without the leading {@code -}.
 */
public final class RedisErrorReply extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the error text sent by the server, e.g. {@code "MOVED 3999 127.0.0.1:30001"}
     */
    public RedisErrorReply(String message) {
        super(message);
    }
}
