package io.quarkiverse.gcache.test.health;

import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;

/** Reads {@code /q/health/ready} over HTTP, as an orchestrator does. */
final class ReadinessChecks {

    private ReadinessChecks() {
    }

    /** The {@code gcache} entry of {@code /q/health/ready}. */
    static Map<String, Object> gcacheCheck() {
        List<Map<String, Object>> checks = RestAssured.get("/q/health/ready").then().extract().jsonPath()
                .getList("checks");
        return checks.stream().filter(c -> "gcache".equals(c.get("name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> check) {
        return (Map<String, Object>) check.get("data");
    }
}
