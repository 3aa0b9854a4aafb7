package io.certwiz.renewal;

import java.time.Duration;
import java.time.Instant;

/**
 * How close a certificate is to expiry: a warning with a third of its lifetime left, critical with a
 * sixth left or (for a lifetime of three weeks or more) seven days, then expired.
 */
public enum Urgency {
    NONE,
    WARNING,
    CRITICAL,
    EXPIRED;

    static final Duration CRITICAL_DAYS = Duration.ofDays(7);
    static final Duration DAYS_RULE_FROM_LIFETIME = Duration.ofDays(21);

    public static Urgency of(Instant notBefore, Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (!left.isPositive()) {
            return EXPIRED;
        }
        Duration lifetime = Duration.between(notBefore, notAfter);
        if (left.compareTo(lifetime.dividedBy(6)) <= 0
                || (lifetime.compareTo(DAYS_RULE_FROM_LIFETIME) >= 0 && left.compareTo(CRITICAL_DAYS) <= 0)) {
            return CRITICAL;
        }
        if (left.compareTo(lifetime.dividedBy(3)) <= 0) {
            return WARNING;
        }
        return NONE;
    }
}
