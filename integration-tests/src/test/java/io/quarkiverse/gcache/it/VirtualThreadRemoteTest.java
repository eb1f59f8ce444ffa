package io.quarkiverse.gcache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import io.quarkiverse.gcache.test.redis.SharedRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A REMOTE hit on a virtual thread: the example on a real redis-server, with the LOCAL layer of
 * {@code GetUserProfile} off, so a second read can only come from Redis.
 */
@QuarkusTest
@TestProfile(VirtualThreadRemoteTest.OnRedisWithoutLocal.class)
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = VirtualThreadTest.NOT_ON_JAVA_17)
class VirtualThreadRemoteTest extends ExampleTestBase {

    static final String REDIS = "virtual-threads";

    @Test
    void aSecondReadOnAnotherVirtualThreadIsARemoteHit() {
        // STEP 1: a miss on a virtual thread: the store is read and the user written to Redis
        JsonPath first = VirtualThreadTest.read("1");
        assertThat(first.getBoolean("virtual")).as("the request ran on a virtual thread").isTrue();
        assertStoreReads(1);
        assertThat(SharedRedis.get(REDIS).command("KEYS", "*#GetUserProfile")).as("GCache's entries in Redis")
                .asInstanceOf(LIST).hasSize(1);

        // STEP 2: another virtual thread, no LOCAL layer: Redis answers, the store is not read
        JsonPath second = VirtualThreadTest.read("1");
        assertThat(second.getBoolean("virtual")).isTrue();
        assertThat(second.getLong("threadId")).isNotEqualTo(first.getLong("threadId"));
        assertThat(second.getString("user.name")).isEqualTo("Ann");
        assertStoreReads(1);
    }

    public static class OnRedisWithoutLocal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.gcache.use-case.GetUserProfile.local.ttl", "0");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RealRedis.class));
        }
    }

    /** A real redis-server for this class's application, killed with it. */
    public static class RealRedis implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quarkus.redis.hosts", SharedRedis.get(REDIS).uri());
        }

        @Override
        public void stop() {
            SharedRedis.get(REDIS).close();
        }
    }
}
