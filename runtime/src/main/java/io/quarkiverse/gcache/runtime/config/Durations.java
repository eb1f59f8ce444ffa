package io.quarkiverse.gcache.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way Quarkus writes them. Reads the TTLs of annotations and properties: {@code "60s"},
 * {@code "500ms"}, {@code "5m"}, {@code "1h"}, {@code "2d"}, a bare number of seconds, or ISO-8601
 * ({@code "PT1H"}); {@code ""} and {@code "0"} mean "off" and give {@link Duration#ZERO}. Used by the build
 * (to reject a bad annotation) and at run time (to read properties). Writes every duration a message or log
 * shows ({@link #format}): {@code 250ms}, {@code 2s}, {@code 1h}, never {@code PT0.25S}.
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
    private static final String NOT_A_DURATION = "it is not a number with a unit (ms, s, m, h or d) nor an ISO-8601 "
            + "duration";

    private Durations() {
    }

    /** The duration, {@link Duration#ZERO} for off; throws {@link IllegalArgumentException} for anything else. */
    public static Duration parse(String text) {
        Duration d = read(text);
        if (d == null) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. \"60s\", \"5m\", \"1h\" or "
                    + "\"PT1H\"");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative; a duration is 0 or longer");
        }
        return d;
    }

    /**
     * Why {@code text} is not a duration {@link #parse} accepts, or {@code null} when it is one: for a message that
     * quotes the text and the fix itself (a build error), so that neither is said twice.
     */
    public static String whyNot(String text) {
        Duration d = read(text);
        return d == null ? NOT_A_DURATION : d.isNegative() ? "it is negative" : null;
    }

    /** Why {@code text} is not a duration longer than zero (a deadline), or {@code null} when it is one. */
    public static String whyNotPositive(String text) {
        String why = whyNot(text);
        return why == null && read(text).isZero() ? "it must be longer than 0" : why;
    }

    /**
     * The duration as a person writes it, in the largest unit that holds it whole: {@code 250ms}, {@code 2s},
     * {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d} ({@code 0s} for zero; {@code us} and {@code ns} below a
     * millisecond). What it prints (but {@code us} and {@code ns}) {@link #parse} reads back.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.getNano();
        long seconds = duration.getSeconds();
        if (nanos == 0) {
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            if (seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return duration.toMillis() + "ms";
        }
        if (nanos % 1_000 == 0) {
            return seconds * 1_000_000 + nanos / 1_000 + "us";
        }
        return seconds * 1_000_000_000 + nanos + "ns";
    }

    /** The duration, or {@code null} when {@code text} is not one (a negative one is returned: callers reject it). */
    private static Duration read(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Matcher m = SIMPLE.matcher(s);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(s.startsWith("P") || s.startsWith("p") ? s : "PT" + s);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) { // garbage, or too long
            return null;
        }
    }
}
