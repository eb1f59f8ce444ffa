package io.quarkiverse.gcache.runtime.remote;

import java.time.Duration;

import io.quarkiverse.gcache.runtime.config.Durations;

/** Redis did not answer within {@code quarkus.gcache.remote.timeout}: the call goes on without REMOTE. */
public final class RedisTimeoutException extends RuntimeException {

    RedisTimeoutException(Duration timeout) {
        super("Redis did not answer within " + Durations.format(timeout), null, false, false);
    }
}
