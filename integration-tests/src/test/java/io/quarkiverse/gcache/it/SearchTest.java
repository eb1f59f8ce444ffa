package io.quarkiverse.gcache.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@code GET /users?prefix=&page=&size=}: the prefix is the id, page and size are key arguments, and the request
 * id ({@code @GCacheIgnore}) is not part of the key.
 */
@QuarkusTest
class SearchTest extends ExampleTestBase {

    @Test
    void pageAndSizeAreKeyArguments() {
        // STEP 1: three different pages of prefix "A" are three entries
        search("A", 0, 1, "r1").then().statusCode(200).body("name", contains("Ann"));
        search("A", 1, 1, "r2").then().statusCode(200).body("name", contains("Anna"));
        search("A", 0, 2, "r3").then().statusCode(200).body("name", contains("Ann", "Anna"));
        assertStoreReads(3);

        // STEP 2: asked again, each is served from its own entry
        search("A", 0, 1, "r4").then().statusCode(200).body("name", contains("Ann"));
        search("A", 1, 1, "r5").then().statusCode(200).body("name", contains("Anna"));
        search("A", 0, 2, "r6").then().statusCode(200).body("name", contains("Ann", "Anna"));
        assertStoreReads(3);
    }

    @Test
    void theIgnoredRequestIdDoesNotMakeANewEntry() {
        search("A", 0, 10, "first-request").then().statusCode(200).body("name", contains("Ann", "Anna"));
        search("A", 0, 10, "second-request").then().statusCode(200).body("name", contains("Ann", "Anna"));
        assertStoreReads(1);
    }

    @Test
    void thePrefixIsTheEntity() {
        search("A", 0, 10, "r1").then().statusCode(200).body("name", contains("Ann", "Anna"));
        search("B", 0, 10, "r2").then().statusCode(200).body("name", contains("Bob"));
        search("Z", 0, 10, "r3").then().statusCode(200).body("$", empty());
        assertStoreReads(3);

        search("B", 0, 10, "r4").then().statusCode(200).body("name", contains("Bob"));
        search("Z", 0, 10, "r5").then().statusCode(200).body("$", empty());
        assertStoreReads(3);
    }

    @Test
    void aUserWriteDoesNotReachTheSearch() {
        search("A", 0, 10, "r1").then().statusCode(200).body("name", contains("Ann", "Anna"));
        assertStoreReads(1);

        // invalidate("user_id", "1") is about user 1: it does not reach entries about a name prefix, which stay
        // until their 30 s TTL ends
        given().contentType(ContentType.JSON).body("{\"name\":\"Zoe\"}").put("/users/1").then().statusCode(200);
        assertStoreReads(2);
        search("A", 0, 10, "r2").then().statusCode(200).body("name", contains("Ann", "Anna"));
        assertStoreReads(2);
    }

    @Test
    void anEmptyIdRunsUncached() {
        // no prefix: the id is empty, which no key can be built from, so the method just runs (SPEC section 3)
        search("", 0, 10, "r1").then().statusCode(200).body("name", contains("Ann", "Bob", "Anna"));
        search("", 0, 10, "r2").then().statusCode(200).body("name", contains("Ann", "Bob", "Anna"));
        assertStoreReads(2);
    }

    private static Response search(String prefix, int page, int size, String requestId) {
        return given().queryParam("prefix", prefix).queryParam("page", page).queryParam("size", size)
                .header("X-Request-Id", requestId)
                .get("/users");
    }
}
