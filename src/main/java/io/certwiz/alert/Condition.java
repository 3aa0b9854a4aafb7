package io.certwiz.alert;

import java.time.Duration;

/**
 * Something that needs an administrator now: a stable key (one alert per key), its kind, severity, what it
 * is about, a one-line message, and how long it must hold before it fires.
 */
public record Condition(String key, String kind, Severity severity, String subject, String message, Duration holdFor) {
    public static final String EXPIRY = "expiry";
    public static final String RENEWAL_FAILED = "renewal-failed";
    /** An assigned certificate its CA revoked (renewal replaces it at its next pass). */
    public static final String REVOKED = "revoked";

    public static final String CANNOT_RENEW = "cannot-renew";
    public static final String NO_CERTIFICATE = "no-certificate";
    public static final String SERVED_MISMATCH = "served-mismatch";
    public static final String CRL = "crl";
    public static final String TEST = "test";

    public Condition(String key, String kind, Severity severity, String subject, String message) {
        this(key, kind, severity, subject, message, Duration.ZERO);
    }
}
