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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.test.redis.RedisServer;
import io.restassured.specification.RequestSpecification;

/**
 * Two processes of the packaged example application sharing one real Redis, both started here with
 * {@code java -jar} (not through {@code @QuarkusIntegrationTest}, whose test-resource configuration would outlive
 * this class). Each has its own in-memory store, so a store read in B shows that B's method ran.
 */
class TwoProcessesIT {

    private static RedisServer redis;
    private static Process processA;
    private static Process processB;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startRedisAndTwoProcesses() throws IOException {
        redis = RedisServer.start();
        portA = freePort();
        portB = freePort();
        processA = launch("a", portA);
        processB = launch("b", portB);
        awaitUp(portA);
        awaitUp(portB);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process launch(String name, int port) throws IOException {
        File log = new File("target/process-" + name + ".log");
        return new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.redis.hosts=" + redis.uri(),
                "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitUp(int port) {
        await("the example application answers on port " + port + " (see target/process-*.log)")
                .atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> given().port(port).get("/store/reads").statusCode() == 200);
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (Process p : new Process[] { processA, processB }) {
            if (p != null) {
                p.destroy();
                p.waitFor();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static RequestSpecification a() {
        return given().port(portA);
    }

    private static RequestSpecification b() {
        return given().port(portB);
    }

    private static int reads(RequestSpecification process) {
        return Integer.parseInt(process.get("/store/reads").then().statusCode(200).extract().asString());
    }

    @BeforeEach
    void reset() {
        a().delete("/store").then().statusCode(204); // also flushes GCache's keys in Redis
        b().delete("/store").then().statusCode(204);
    }

    @Test
    void aValueCachedByAIsARemoteHitForB() {
        a().get("/users/1").then().statusCode(200);
        assertThat(reads(a())).isEqualTo(1);

        b().get("/users/1").then().statusCode(200);
        b().get("/users/1").then().statusCode(200);
        assertThat(reads(b())).as("B's store reads: B was served by REMOTE, then by its LOCAL layer").isZero();
    }

    @Test
    void anInvalidationOnAMakesBRunTheMethodAgainThroughRemoteAndBsLocalTier() {
        List<Long> propagationMillis = new ArrayList<>();
        for (int round = 1; round <= 10; round++) {
            // STEP 1: B holds user 1 in LOCAL (and Redis has it)
            b().get("/users/1").then().statusCode(200);
            b().get("/users/1").then().statusCode(200);
            int before = reads(b());

            // STEP 2: A writes user 1; its write path invalidates the entity
            a().contentType("application/json").body("{\"name\":\"Ann " + round + "\"}").put("/users/1")
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
