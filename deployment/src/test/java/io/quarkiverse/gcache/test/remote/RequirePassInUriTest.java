package io.quarkiverse.gcache.test.remote;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/** {@code requirepass}, the password in the URI: {@code quarkus.redis.hosts=redis://:pw@127.0.0.1:<port>}. */
class RequirePassInUriTest extends RequirePassTestBase {

    static final SharedRedis REDIS = SharedRedis.get(RequirePassInUriTest.class.getName(), "--requirepass", PASSWORD);

    @RegisterExtension
    static final QuarkusUnitTest TEST = application(REDIS,
            "quarkus.redis.hosts", "redis://:" + PASSWORD + "@127.0.0.1:" + REDIS.port());

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Override
    SharedRedis redis() {
        return REDIS;
    }
}
