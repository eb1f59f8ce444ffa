package io.quarkiverse.gcache.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

import io.quarkiverse.gcache.runtime.key.PropertyReader;

/**
 * A call whose id cannot be read runs uncached, and the log says why with the failure's {@code toString()}: it reads
 * as a sentence about the parameter (issue 16 part 7: it read "KeyException: the id (id) is null").
 */
class KeyPartTest {

    @Test
    void aNullIdParameterIsNamedInPlainWords() {
        KeyPart id = new KeyPart("id", 0, null, null, false);
        assertThat(catchThrowable(() -> id.id(new Object[] { null })))
                .hasToString("the id parameter 'id' is null");
    }

    @Test
    void anEmptyIdParameterIsNamedInPlainWords() {
        KeyPart id = new KeyPart("userId", 1, null, null, false);
        assertThat(catchThrowable(() -> id.id(new Object[] { "x", "" })))
                .hasToString("the id parameter 'userId' is empty");
    }

    @Test
    void aNullPropertyOfTheIdParameterSaysItWasRead() {
        PropertyReader nullId = value -> null; // @GCacheId("id") User user, with user.id() == null
        KeyPart id = new KeyPart("user", 0, nullId, null, false);
        assertThat(catchThrowable(() -> id.id(new Object[] { new Object() })))
                .hasToString("the id read from the parameter 'user' is null");
        assertThat(catchThrowable(() -> id.id(new Object[] { null })))
                .hasToString("the id parameter 'user' is null");
    }
}
