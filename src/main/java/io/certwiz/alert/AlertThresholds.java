package io.certwiz.alert;

import io.certwiz.CertwizException;
import io.certwiz.store.Settings;
import io.certwiz.store.Transaction;
import java.time.Duration;
import java.time.Instant;

/**
 * When a validity period needs attention: a warning with {@code warningShare} of it left, critical with
 * {@code criticalShare} left or (for three weeks or more) {@code criticalDays}; an open alert is sent again
 * after {@code repeat}. The defaults are renewal's ({@link io.certwiz.renewal.Urgency}): a third, a sixth,
 * 7 days; and a day.
 */
public record AlertThresholds(double warningShare, double criticalShare, int criticalDays, Duration repeat) {
    static final Duration DAYS_RULE_FROM = Duration.ofDays(21);
    static final Duration SHORTEST_REPEAT = Duration.ofMinutes(5);
    public static final AlertThresholds DEFAULTS = new AlertThresholds(1.0 / 3, 1.0 / 6, 7, Duration.ofHours(24));

    public AlertThresholds {
        if (!(warningShare > 0 && warningShare < 1) || !(criticalShare > 0 && criticalShare <= warningShare)) {
            throw CertwizException.badUsage(
                    "the shares must be between 0 and 1, the critical one at most the warning one");
        }
        if (criticalDays < 0 || criticalDays > 365) {
            throw CertwizException.badUsage("--critical-days must be between 0 and 365");
        }
        if (repeat.compareTo(SHORTEST_REPEAT) < 0) {
            throw CertwizException.badUsage("--repeat must be at least 5m");
        }
    }

    /** The severity of a period from {@code from} to {@code to} at {@code now}; null when nothing is due. */
    public Severity severity(Instant from, Instant to, Instant now) {
        Duration left = Duration.between(now, to);
        if (!left.isPositive()) {
            return Severity.critical;
        }
        long lifetime = Math.max(1, Duration.between(from, to).toMillis());
        double share = (double) left.toMillis() / lifetime;
        boolean daysRule = Duration.ofMillis(lifetime).compareTo(DAYS_RULE_FROM) >= 0
                && left.compareTo(Duration.ofDays(criticalDays)) <= 0;
        if (share <= criticalShare || daysRule) {
            return Severity.critical;
        }
        return share <= warningShare ? Severity.warning : null;
    }

    /** As JSON shows it (the repeat interval as ISO-8601 text). */
    public AlertsView.Thresholds view() {
        return new AlertsView.Thresholds(warningShare, criticalShare, criticalDays, repeat.toString());
    }

    private static final String PREFIX = "alerts.";

    public static AlertThresholds load(Settings settings, Transaction tx) {
        return new AlertThresholds(
                settings.get(tx, PREFIX + "warningShare")
                        .map(Double::parseDouble)
                        .orElse(DEFAULTS.warningShare),
                settings.get(tx, PREFIX + "criticalShare")
                        .map(Double::parseDouble)
                        .orElse(DEFAULTS.criticalShare),
                settings.get(tx, PREFIX + "criticalDays").map(Integer::parseInt).orElse(DEFAULTS.criticalDays),
                settings.get(tx, PREFIX + "repeat").map(Duration::parse).orElse(DEFAULTS.repeat));
    }

    public void save(Settings settings, Transaction tx) {
        settings.put(tx, PREFIX + "warningShare", Double.toString(warningShare));
        settings.put(tx, PREFIX + "criticalShare", Double.toString(criticalShare));
        settings.put(tx, PREFIX + "criticalDays", Integer.toString(criticalDays));
        settings.put(tx, PREFIX + "repeat", repeat.toString());
    }

    /** Parses a duration: 90s, 30m, 8h, 1d, or ISO-8601 (PT1H). */
    public static Duration parseDuration(String text, String option) {
        String t = text.strip();
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw CertwizException.badUsage(option + " takes a duration such as 30m, 8h or PT1H, not '" + t + "'");
        }
    }

    /** Parses a share: 1/3, 0.25 or 25%. */
    public static double parseShare(String text, String option) {
        String t = text.strip();
        try {
            if (t.endsWith("%")) {
                return Double.parseDouble(t.substring(0, t.length() - 1)) / 100;
            }
            int slash = t.indexOf('/');
            if (slash > 0) {
                return Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw CertwizException.badUsage(option + " takes a share such as 1/3, 0.25 or 25%, not '" + t + "'");
        }
    }
}
