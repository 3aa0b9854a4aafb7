package io.certwiz.alert;

/**
 * What a channel is sent: an alert that fires (again), resolves, or a test, from which server. Times
 * are ISO-8601 text.
 */
public record Notification(
        String status,
        String key,
        String kind,
        Severity severity,
        String subject,
        String message,
        String firstSeen,
        String resolvedAt,
        int sentCount,
        String server,
        String sentAt) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
    public static final String TEST = "test";
}
