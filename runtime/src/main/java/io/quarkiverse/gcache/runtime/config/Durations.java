package io.quarkiverse.gcache.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the TTLs of annotations and properties the way Quarkus writes durations: {@code "60s"},
 * {@code "500ms"}, {@code "5m"}, {@code "1h"}, {@code "2d"}, a bare number of seconds, or ISO-8601
 * ({@code "PT1H"}). {@code ""} and {@code "0"} mean "off" and give {@link Duration#ZERO}. Used by the build
 * (to reject a bad annotation) and at run time (to read properties).
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /** The duration, {@link Duration#ZERO} for off; throws {@link IllegalArgumentException} for anything else. */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
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
        try {
            Duration d = Duration.parse(s.startsWith("P") || s.startsWith("p") ? s : "PT" + s);
            if (d.isNegative()) {
                throw new IllegalArgumentException("a TTL cannot be negative: '" + text + "'");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. \"60s\", \"5m\", \"1h\" or \"PT1H\"");
        }
    }
}
