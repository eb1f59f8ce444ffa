package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserResourceTest {

    @BeforeEach
    void reset() {
        given().delete("/store").then().statusCode(204);
    }

    static int reads() {
        return Integer.parseInt(given().get("/store/reads").then().statusCode(200).extract().asString());
    }

    @Test
    void cachedReadReachesTheStoreOnce() {
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        org.assertj.core.api.Assertions.assertThat(reads()).isEqualTo(1);
    }
}
