package io.quarkiverse.gcache.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The checks of {@link UncachedReadTest}, against the packaged application. */
@QuarkusIntegrationTest
class UncachedReadIT extends UncachedReadTest {
}
