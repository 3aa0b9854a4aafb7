package io.certwiz.renewal;

import io.certwiz.CertwizException;
import io.certwiz.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long before expiry a usage's certificate renews: a fixed time ({@code 30d}, {@code 12h},
 * {@code 90m}) or a share of its lifetime ({@code 33%}). The default, with none set, is the last third.
 */
public sealed interface RenewBefore {
    /** The least share of the lifetime that must pass first, so that a new certificate does not renew at once. */
    double MIN_ELAPSED = 0.05;

    Duration MIN_DURATION = Duration.ofMinutes(1);
    Duration MAX_DURATION = Duration.ofDays(366);
    int MIN_PERCENT = 5;
    int MAX_PERCENT = 95;

    /** When a certificate valid from {@code notBefore} to {@code notAfter} is due, before jitter. */
    Instant dueFor(Instant notBefore, Instant notAfter);

    /** The text form, as {@link #parse} reads it. */
    String text();

    /** Renews when {@code percent} of the lifetime is left. */
    record Share(int percent) implements RenewBefore {
        public Share {
            if (percent < MIN_PERCENT || percent > MAX_PERCENT) {
                throw CertwizException.badUsage("--renew-before: a share of the lifetime must be between " + MIN_PERCENT
                        + "% and " + MAX_PERCENT + "%, not " + percent + "%");
            }
        }

        @Override
        public Instant dueFor(Instant notBefore, Instant notAfter) {
            long lifetime = lifetimeMillis(notBefore, notAfter);
            return notAfter.minusMillis(Math.round(lifetime * (percent / 100.0)));
        }

        @Override
        public String text() {
            return percent + "%";
        }
    }

    /** Renews {@code before} ahead of expiry, but never before {@link #MIN_ELAPSED} of the lifetime passed. */
    record Ahead(Duration before) implements RenewBefore {
        public Ahead {
            if (before.compareTo(MIN_DURATION) < 0 || before.compareTo(MAX_DURATION) > 0) {
                throw CertwizException.badUsage(
                        "--renew-before: a time before expiry must be between 1m and 366d, not " + format(before));
            }
        }

        @Override
        public Instant dueFor(Instant notBefore, Instant notAfter) {
            long lifetime = lifetimeMillis(notBefore, notAfter);
            Instant earliest = notBefore.plusMillis(Math.round(lifetime * MIN_ELAPSED));
            Instant due = notAfter.minus(before);
            return due.isBefore(earliest) ? earliest : due;
        }

        @Override
        public String text() {
            return format(before);
        }
    }

    /** The default: two thirds of the lifetime passed. */
    static RenewBefore lastThird() {
        return DefaultThird.INSTANCE;
    }

    /** Reads {@code 33%}, {@code 30d}, {@code 12h}, {@code 90m} or {@code 45s}; a bad value is a usage error. */
    static RenewBefore parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher share = Pattern.compile("([0-9]{1,3})%").matcher(value);
        if (share.matches()) {
            return new Share(Integer.parseInt(share.group(1)));
        }
        Duration time = DurationText.parseOrNull(value);
        if (time != null) {
            return new Ahead(time);
        }
        throw CertwizException.badUsage(
                "--renew-before: expected a share of the lifetime such as 33% or a time such as 30d, 12h, 90m;"
                        + " got '" + text + "'");
    }

    private static long lifetimeMillis(Instant notBefore, Instant notAfter) {
        return Math.max(0, Duration.between(notBefore, notAfter).toMillis());
    }

    private static String format(Duration d) {
        return DurationText.format(d);
    }

    /** Two thirds of the lifetime passed: the last third left. */
    enum DefaultThird implements RenewBefore {
        INSTANCE;

        @Override
        public Instant dueFor(Instant notBefore, Instant notAfter) {
            return notBefore.plusMillis(Math.round(lifetimeMillis(notBefore, notAfter) * 2.0 / 3.0));
        }

        @Override
        public String text() {
            return "default (two thirds of the lifetime)";
        }
    }
}
