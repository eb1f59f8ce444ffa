package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code PUT /users/{id}} runs under {@code @GCacheEnabled(false)} and invalidates the user when it has written. */
@QuarkusTest
class WritePathTest extends ExampleTestBase {

    @Test
    void writeReadsTheStoreAndInvalidatesTheUser() {
        // STEP 1: the user is cached
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann"));
        assertStoreReads(1);

        // STEP 2: the write path reads the current user from the store although it is cached (caching is off
        // there), and keeps the field it was not given
        given().contentType(ContentType.JSON).body("{\"name\":\"Ann Smith\"}")
                .put("/users/1").then().statusCode(200)
                .body("name", equalTo("Ann Smith"))
                .body("email", equalTo("ann@example.com"));
        assertStoreReads(2);

        // STEP 3: the write invalidated the user: the next read reaches the store and sees the new name
        given().get("/users/1").then().statusCode(200)
                .body("name", equalTo("Ann Smith"))
                .body("email", equalTo("ann@example.com"));
        assertStoreReads(3);

        // STEP 4: and is cached again
        given().get("/users/1").then().statusCode(200).body("name", equalTo("Ann Smith"));
        assertStoreReads(3);
    }

    @Test
    void invalidationReachesEveryTrackedUseCaseOfTheUser() {
        // STEP 1: the user is cached by the plain, the Uni and the CompletionStage use cases
        for (String route : READ_ROUTES) {
            given().pathParam("id", "2").get(route).then().statusCode(200).body("name", equalTo("Bob"));
        }
        assertStoreReads(3); // "later" shares the Uni route's use case

        // STEP 2: a write (one read of the current user) invalidates the user
        given().contentType(ContentType.JSON).body("{\"email\":\"bob@example.org\"}")
                .put("/users/2").then().statusCode(200).body("email", equalTo("bob@example.org"));
        assertStoreReads(4);

        // STEP 3: each use case reads the new user once, then serves it from the cache
        for (String route : READ_ROUTES) {
            given().pathParam("id", "2").get(route).then().statusCode(200).body("email", equalTo("bob@example.org"));
        }
        assertStoreReads(7);
    }

    @Test
    void writeLeavesOtherUsersCached() {
        given().get("/users/2").then().statusCode(200).body("name", equalTo("Bob"));
        assertStoreReads(1);

        given().contentType(ContentType.JSON).body("{\"name\":\"Ann Smith\"}").put("/users/1").then().statusCode(200);
        assertStoreReads(2);

        given().get("/users/2").then().statusCode(200).body("name", equalTo("Bob"));
        assertStoreReads(2);
    }

    @Test
    void writeOfAnUnknownUserIsNotFound() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Nobody\"}").put("/users/404").then().statusCode(404);
        // the write path read with caching off, so it left no entry for the next read
        given().get("/users/404").then().statusCode(404);
        assertStoreReads(2);
    }
}
