package io.quarkiverse.gcache.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The checks of {@link VirtualThreadTest}, against the packaged application. */
@QuarkusIntegrationTest
class VirtualThreadIT extends VirtualThreadTest {
}
