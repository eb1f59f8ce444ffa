package io.quarkiverse.gcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** TTLs as Quarkus writes durations; {@code ""} and {@code "0"} turn a layer off. */
class DurationsTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("60s", Duration.ofSeconds(60)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("2d", Duration.ofDays(2)),
                Arguments.of("90", Duration.ofSeconds(90)),
                Arguments.of("PT1H", Duration.ofHours(1)),
                Arguments.of("pt30m", Duration.ofMinutes(30)),
                Arguments.of("P1D", Duration.ofDays(1)),
                Arguments.of("P1DT2H", Duration.ofHours(26)),
                Arguments.of("1h30m", Duration.ofMinutes(90)),
                Arguments.of("1.5s", Duration.ofMillis(1500)),
                Arguments.of(" 60s ", Duration.ofSeconds(60)),
                // units are case-insensitive, as in Quarkus' own duration converter
                Arguments.of("500MS", Duration.ofMillis(500)),
                Arguments.of("60S", Duration.ofSeconds(60)),
                Arguments.of("5M", Duration.ofMinutes(5)),
                Arguments.of("1H", Duration.ofHours(1)),
                Arguments.of("2D", Duration.ofDays(2)));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @MethodSource("valid")
    void parsesQuarkusDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is off")
    @NullAndEmptySource
    @ValueSource(strings = { "0", "  ", "0s", "0ms", "PT0S" })
    void emptyAndZeroMeanOff(String text) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = { "abc", "10x", "5 s", "-5s", "-PT5S", "PT-1H", "1w", "s", "60sec" })
    void rejectsWhatIsNotADuration(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
                .withMessageContaining(text.trim());
    }
}
