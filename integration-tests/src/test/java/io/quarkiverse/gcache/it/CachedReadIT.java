package io.quarkiverse.gcache.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The checks of {@link CachedReadTest}, against the packaged application. */
@QuarkusIntegrationTest
class CachedReadIT extends CachedReadTest {
}
