package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.test.redis.RedisServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;

/**
 * Two processes of the packaged example application sharing one real Redis: A is the application Quarkus launches
 * for this test, B a second {@code java -jar} of the same build started here. Each has its own in-memory store,
 * so a store read in B shows that B's method ran.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = TwoProcessesIT.SharedRedisResource.class, restrictToAnnotatedClass = true)
class TwoProcessesIT {

    /** Starts the Redis both processes use and hands its address to A. */
    public static class SharedRedisResource implements QuarkusTestResourceLifecycleManager {
        private RedisServer redis;

        @Override
        public Map<String, String> start() {
            redis = RedisServer.start();
            System.setProperty("gcache.it.redis", redis.uri());
            return Map.of("quarkus.redis.hosts", redis.uri());
        }

        @Override
        public void stop() {
            redis.close();
        }
    }

    private static Process processB;
    private static int portB;

    @BeforeAll
    static void startProcessB() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            portB = socket.getLocalPort();
        }
        File log = new File("target/process-b.log");
        processB = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                "-Dquarkus.http.port=" + portB,
                "-Dquarkus.redis.hosts=" + System.getProperty("gcache.it.redis"),
                "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log).start();
        await("process B answers on port " + portB + " (its log: " + log.getAbsolutePath() + ")")
                .atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> b().get("/store/reads").statusCode() == 200);
    }

    @AfterAll
    static void stopProcessB() throws InterruptedException {
        if (processB != null) {
            processB.destroy();
            processB.waitFor();
        }
    }

    private static RequestSpecification b() {
        return given().port(portB);
    }

    private static int reads(RequestSpecification process) {
        return Integer.parseInt(process.get("/store/reads").then().statusCode(200).extract().asString());
    }

    @BeforeEach
    void reset() {
        given().delete("/store").then().statusCode(204); // also flushes GCache's keys in Redis
        b().delete("/store").then().statusCode(204);
    }

    @Test
    void aValueCachedByAIsARemoteHitForB() {
        given().get("/users/1").then().statusCode(200);
        assertThat(reads(given())).isEqualTo(1);

        b().get("/users/1").then().statusCode(200);
        b().get("/users/1").then().statusCode(200);
        assertThat(reads(b())).as("B's store reads: B was served by REMOTE, then by its LOCAL layer").isZero();
    }

    @Test
    void anInvalidationOnAMakesBRunTheMethodAgainThroughRemoteAndBsLocalLayer() {
        List<Long> propagationMillis = new ArrayList<>();
        for (int round = 1; round <= 10; round++) {
            // STEP 1: B holds user 1 in LOCAL (and Redis has it)
            b().get("/users/1").then().statusCode(200);
            b().get("/users/1").then().statusCode(200);
            int before = reads(b());

            // STEP 2: A writes user 1; its write path invalidates the entity
            given().contentType("application/json").body("{\"name\":\"Ann " + round + "\"}").put("/users/1")
                    .then().statusCode(200);
            long invalidatedAt = System.nanoTime();

            // STEP 3: B's next read runs the method (its LOCAL entry was dropped by the pub/sub message and the
            // REMOTE entry is older than the watermark)
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        b().get("/users/1").then().statusCode(200);
                        return reads(b()) > before;
                    });
            propagationMillis.add((System.nanoTime() - invalidatedAt) / 1_000_000);
            assertThat(reads(b())).isEqualTo(before + 1);
        }
        Collections.sort(propagationMillis);
        System.out.printf("LOCAL drop A -> B over %d rounds: median %d ms, max %d ms%n", propagationMillis.size(),
                propagationMillis.get(propagationMillis.size() / 2), propagationMillis.get(propagationMillis.size() - 1));
    }
}
