package io.quarkiverse.gcache.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The checks of {@link WritePathTest}, against the packaged application. */
@QuarkusIntegrationTest
class WritePathIT extends WritePathTest {
}
