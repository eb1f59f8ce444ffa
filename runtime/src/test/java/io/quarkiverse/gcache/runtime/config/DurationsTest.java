package io.quarkiverse.gcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
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

    static Stream<Arguments> formatted() {
        return Stream.of(
                Arguments.of(Duration.ofMillis(250), "250ms"),
                Arguments.of(Duration.ofSeconds(2), "2s"),
                Arguments.of(Duration.ofSeconds(90), "90s"),
                Arguments.of(Duration.ofMillis(1500), "1500ms"),
                Arguments.of(Duration.ofMinutes(5), "5m"),
                Arguments.of(Duration.ofHours(1), "1h"),
                Arguments.of(Duration.ofHours(36), "36h"),
                Arguments.of(Duration.ofDays(2), "2d"),
                Arguments.of(Duration.ZERO, "0s"),
                Arguments.of(Duration.ofNanos(1500), "1500ns"),
                Arguments.of(Duration.ofNanos(2000), "2us"),
                Arguments.of(Duration.ofMillis(-250), "-250ms"));
    }

    /** Messages and logs print durations as they are written in configuration, never as {@code PT0.25S}. */
    @ParameterizedTest(name = "{0} prints as {1}")
    @MethodSource("formatted")
    void formatsAsConfigurationIsWritten(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" reads back")
    @ValueSource(strings = { "250ms", "2s", "90s", "5m", "1h", "2d", "PT1H30M", "P1DT2H" })
    void whatItPrintsReadsBack(String text) {
        Duration d = Durations.parse(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @Test
    void saysWhyNotWithoutRepeatingTheText() {
        assertThat(Durations.whyNot("60s")).isNull();
        assertThat(Durations.whyNot("")).isNull();
        assertThat(Durations.whyNot("-5s")).isEqualTo("it is negative");
        assertThat(Durations.whyNot("ten seconds"))
                .isEqualTo("it is not a number with a unit (ms, s, m, h or d) nor an ISO-8601 duration");
        assertThat(Durations.whyNot("99999999999999999999s")).isNotNull(); // too long for a long: not a crash
    }
}
