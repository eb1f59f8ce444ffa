package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code UncachedResource} calls the same cached method outside any enable scope: GCache stays out of the way. */
@QuarkusTest
class UncachedReadTest extends ExampleTestBase {

    @Test
    void everyReadOutsideAScopeReachesTheStore() {
        given().get("/uncached/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        given().get("/uncached/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        assertStoreReads(2);
    }

    @Test
    void aCachedEntryIsNotServedOutsideAScope() {
        // STEP 1: a read inside the scope fills the cache
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        assertStoreReads(1);

        // STEP 2: outside the scope the method runs, entry or not
        given().get("/uncached/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        assertStoreReads(2);

        // STEP 3: inside the scope the entry is still there
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        assertStoreReads(2);
    }
}
