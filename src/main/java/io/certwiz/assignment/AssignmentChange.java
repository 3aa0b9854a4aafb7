package io.certwiz.assignment;

import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/**
 * One change of a usage's assignment, as its history keeps it: the certificate it got (null when it was
 * unassigned), when, and why ({@link #ASSIGN}, {@link #RENEW}, {@link #ROLLBACK}, {@link #ROLL}, ...).
 */
public record AssignmentChange(Usage usage, long seq, Thumbprint thumbprint, Instant at, String cause) {
    /** An administrator's assign (or a request's). */
    public static final String ASSIGN = "assign";
    /** An unassign: the usage has no certificate. */
    public static final String UNASSIGN = "unassign";
    /** A renewed certificate took the usage over. */
    public static final String RENEW = "renew";
    /** {@code certwiz rollback}: back to the previous certificate. */
    public static final String ROLLBACK = "rollback";
    /** A renewal undone because the new certificate was not served or failed a check. */
    public static final String RENEW_REVERTED = "renew-reverted";
    /** A staged OAuthTokenIssuer certificate became current at its effective date. */
    public static final String ROLL = "roll";
}
