package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.quarkus.test.junit.QuarkusTest;

/** Concurrent misses of one key run the method once and share its result. */
@QuarkusTest
class SingleFlightTest extends ExampleTestBase {

    static final int CALLERS = 20;

    @ParameterizedTest(name = "{0}")
    @FieldSource("READ_ROUTES")
    void concurrentReadsOfAColdKeyReachTheStoreOnce(String route) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch ready = new CountDownLatch(CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            Callable<String> read = () -> {
                ready.countDown();
                go.await();
                return given().pathParam("id", "3").get(route).then().statusCode(200).extract().path("name");
            };
            List<Future<String>> names = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                names.add(pool.submit(read));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown(); // all callers at once, while the first read is still running (a read takes 50 ms)

            for (Future<String> name : names) {
                assertThat(name.get(30, TimeUnit.SECONDS)).isEqualTo("Anna");
            }
            assertStoreReads(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
