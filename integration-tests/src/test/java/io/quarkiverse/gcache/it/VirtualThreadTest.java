package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code @RunOnVirtualThread} endpoints under {@code @GCacheEnabled} ({@code /virtual-threads/users}): the scope is
 * on where the request runs, concurrent misses on many virtual threads run the method once. The endpoints exist only
 * when the example is built on Java 21 or later (Quarkus REST refuses them below); the build of CI's Java 25 pass
 * has them, its Java 17 pass checks that they are absent and reports these tests as disabled, with the reason.
 */
@QuarkusTest
class VirtualThreadTest extends ExampleTestBase {

    static final String VIRTUAL_THREAD_READ = "/virtual-threads/users/{id}";
    static final String NOT_ON_JAVA_17 = "the example's @RunOnVirtualThread endpoints need Java 21 or later"
            + " (Quarkus REST refuses them at build time below); CI runs these in its Java 25 pass";
    static final int CALLERS = 20;

    @Test
    void theVirtualThreadEndpointsExistExactlyWhenTheBuildJdkHasVirtualThreads() {
        boolean java21OrLater = Runtime.version().feature() >= 21;
        given().pathParam("id", "1").get(VIRTUAL_THREAD_READ).then().statusCode(java21OrLater ? 200 : 404);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21, disabledReason = NOT_ON_JAVA_17)
    void aReadOnAVirtualThreadRunsInsideTheScopeAndIsCached() {
        // STEP 1: the read runs on a virtual thread, with caching on, and reaches the store
        JsonPath first = read("1");
        assertThat(first.getBoolean("virtual")).as("the request ran on a virtual thread").isTrue();
        assertThat(first.getBoolean("cacheEnabled")).as("@GCacheEnabled is in force on that thread").isTrue();
        assertThat(first.getString("user.name")).isEqualTo("Ann");
        assertStoreReads(1);

        // STEP 2: another request, another virtual thread: served from the cache
        JsonPath second = read("1");
        assertThat(second.getBoolean("virtual")).isTrue();
        assertThat(second.getLong("threadId")).as("a virtual thread of its own").isNotEqualTo(first.getLong("threadId"));
        assertThat(second.getString("user.name")).isEqualTo("Ann");
        assertStoreReads(1);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21, disabledReason = NOT_ON_JAVA_17)
    void concurrentReadsOfAColdKeyOnManyVirtualThreadsReachTheStoreOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch ready = new CountDownLatch(CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            Callable<JsonPath> read = () -> {
                ready.countDown();
                go.await();
                return read("3");
            };
            List<Future<JsonPath>> reads = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                reads.add(pool.submit(read));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown(); // all callers at once, while the first read is still running (a read takes 50 ms)

            Set<Long> threads = new HashSet<>();
            for (Future<JsonPath> future : reads) {
                JsonPath answer = future.get(30, TimeUnit.SECONDS);
                assertThat(answer.getString("user.name")).isEqualTo("Anna");
                assertThat(answer.getBoolean("virtual")).isTrue();
                threads.add(answer.getLong("threadId"));
            }
            assertThat(threads).as("each request ran on a virtual thread of its own").hasSize(CALLERS);
            assertStoreReads(1);
        } finally {
            pool.shutdownNow();
        }
    }

    static JsonPath read(String id) {
        return given().pathParam("id", id).get(VIRTUAL_THREAD_READ).then().statusCode(200).extract().jsonPath();
    }
}
