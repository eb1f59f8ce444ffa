package io.quarkiverse.gcache.test.remote;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.QuarkusUnitTest;

/** {@code requirepass}, the password as its own property: {@code quarkus.redis.password=pw}, a plain host URI. */
class RequirePassPropertyTest extends RequirePassTestBase {

    static final SharedRedis REDIS = SharedRedis.get(RequirePassPropertyTest.class.getName(), "--requirepass",
            PASSWORD);

    @RegisterExtension
    static final QuarkusUnitTest TEST = application(REDIS,
            "quarkus.redis.hosts", REDIS.uri(),
            "quarkus.redis.password", PASSWORD);

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Override
    SharedRedis redis() {
        return REDIS;
    }
}
