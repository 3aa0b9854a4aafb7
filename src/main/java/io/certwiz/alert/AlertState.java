package io.certwiz.alert;

import java.time.Instant;

/**
 * An alert as the store keeps it: when its condition was first and last seen, when it was last sent and
 * how often, and when it resolved (null while open). {@code lastSent} null: not fired yet.
 */
public record AlertState(
        String key,
        String kind,
        Severity severity,
        String subject,
        String message,
        Instant firstSeen,
        Instant lastSeen,
        Instant lastSent,
        int sentCount,
        Instant resolvedAt) {
    public boolean open() {
        return resolvedAt == null;
    }

    public boolean fired() {
        return lastSent != null;
    }
}
