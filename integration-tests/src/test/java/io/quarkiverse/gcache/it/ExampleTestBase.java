package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the example application's tests: each test starts from the seeded store, zero reads and an empty
 * cache, and checks how many reads reached the store ({@code GET /store/reads}) as well as what came back.
 */
abstract class ExampleTestBase {

    /** The four cached read routes of {@code UserResource}: plain, Uni, Uni called later, CompletionStage. */
    static final String[] READ_ROUTES = { "/users/{id}", "/users/{id}/uni", "/users/{id}/later", "/users/{id}/stage" };

    @BeforeEach
    void resetStore() {
        given().delete("/store").then().statusCode(204);
    }

    /** Checks how many reads reached the store since the test started. */
    static void assertStoreReads(int expected) {
        int reads = Integer.parseInt(given().get("/store/reads").then().statusCode(200).extract().asString());
        assertThat(reads).as("reads that reached the store").isEqualTo(expected);
    }
}
