package io.quarkiverse.gcache.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The checks of {@link SingleFlightTest}, against the packaged application. */
@QuarkusIntegrationTest
class SingleFlightIT extends SingleFlightTest {
}
