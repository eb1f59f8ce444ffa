package io.quarkiverse.gcache.runtime.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A value in the mismatch WARN is cut at 8 KiB of UTF-8, never in the middle of a character. */
class MismatchLogTest {

    @Test
    void aShortValueIsKeptWhole() {
        assertThat(MismatchLog.cut("{\"name\":\"Ann\"}")).isEqualTo("{\"name\":\"Ann\"}");
    }

    @Test
    void aLongValueIsCutAt8KiBAndSaysHowLongItWas() {
        String longValue = "é".repeat(10_000); // two bytes each
        String cut = MismatchLog.cut(longValue);
        String head = cut.substring(0, cut.indexOf("...("));
        assertThat(head.getBytes(StandardCharsets.UTF_8)).hasSize(MismatchLog.MAX_BYTES);
        assertThat(head).doesNotContain("\uFFFD");
        assertThat(cut).endsWith("...(20000 bytes)");
    }
}
