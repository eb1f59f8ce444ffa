package io.quarkiverse.gcache.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The checks of {@link SearchTest}, against the packaged application. */
@QuarkusIntegrationTest
class SearchIT extends SearchTest {
}
