package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.quarkus.test.junit.QuarkusTest;

/** Reads inside {@code @GCacheEnabled}, through each of the four routes (plain, Uni, Uni later, CompletionStage). */
@QuarkusTest
class CachedReadTest extends ExampleTestBase {

    @ParameterizedTest(name = "{0}")
    @FieldSource("READ_ROUTES")
    void secondReadIsServedFromTheCache(String route) {
        // STEP 1: the first read reaches the store
        given().pathParam("id", "1").get(route).then().statusCode(200)
                .body("id", equalTo("1"))
                .body("name", equalTo("Ann"))
                .body("email", equalTo("ann@example.com"));
        assertStoreReads(1);

        // STEP 2: the second gets the same user from the cache
        given().pathParam("id", "1").get(route).then().statusCode(200)
                .body("name", equalTo("Ann"));
        assertStoreReads(1);

        // STEP 3: another user is another entry
        given().pathParam("id", "2").get(route).then().statusCode(200)
                .body("name", equalTo("Bob"));
        assertStoreReads(2);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("READ_ROUTES")
    void unknownUserIsCachedAsNull(String route) {
        given().pathParam("id", "404").get(route).then().statusCode(404);
        assertStoreReads(1);

        // the store said "no such user" (null): that answer is cached too
        given().pathParam("id", "404").get(route).then().statusCode(404);
        assertStoreReads(1);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("READ_ROUTES")
    void failuresAreNeverCached(String route) {
        given().pathParam("id", "boom").get(route).then().statusCode(500);
        assertStoreReads(1);

        // the failure was not cached: the store is asked again, and fails again
        given().pathParam("id", "boom").get(route).then().statusCode(500);
        assertStoreReads(2);
    }
}
