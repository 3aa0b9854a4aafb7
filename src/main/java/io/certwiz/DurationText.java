package io.certwiz;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as administrators write them: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}. */
public final class DurationText {
    private static final Pattern TIME = Pattern.compile("([0-9]{1,6})([dhms])");

    private DurationText() {}

    /** The duration {@code text} writes, or null when it is not one (the caller words the error). */
    public static Duration parseOrNull(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher time = TIME.matcher(value);
        if (!time.matches()) {
            return null;
        }
        long n = Long.parseLong(time.group(1));
        return switch (time.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** Reads a duration for {@code option}; anything else is a usage error naming the option. */
    public static Duration parse(String text, String option) {
        Duration d = parseOrNull(text);
        if (d == null) {
            throw CertwizException.badUsage(
                    option + ": expected a time such as 30d, 12h, 90m or 45s; got '" + text + "'");
        }
        return d;
    }

    /** The shortest exact form: {@code 30d}, {@code 12h}, {@code 90m} or {@code 45s}. */
    public static String format(Duration d) {
        long seconds = d.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return d.toDays() + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return d.toHours() + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return d.toMinutes() + "m";
        }
        return seconds + "s";
    }
}
