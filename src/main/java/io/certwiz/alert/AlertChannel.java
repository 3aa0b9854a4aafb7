package io.certwiz.alert;

import java.time.Instant;

/**
 * Where alerts go: a webhook (target: its URL; the HMAC key sealed) or email (target: the recipients;
 * settings: the SMTP server, sender and user; the password sealed), from a minimum severity on.
 */
public record AlertChannel(
        String name,
        Kind kind,
        String target,
        String settings,
        String sealedSecret,
        Severity minSeverity,
        Instant createdAt) {
    public enum Kind {
        webhook,
        email
    }
}
