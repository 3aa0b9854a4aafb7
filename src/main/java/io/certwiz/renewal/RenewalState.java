package io.certwiz.renewal;

import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/**
 * Where the renewal of one certificate stands: when it is due, when it is next tried, and how the last
 * attempts went. {@code failures} counts the failed attempts since the last success; a lease, while it
 * lasts, says which server of a pool is renewing it.
 */
public record RenewalState(
        Thumbprint thumbprint,
        Instant dueAt,
        Instant nextAttemptAt,
        int failures,
        Instant lastAttemptAt,
        String lastError,
        String leaseOwner,
        Instant leaseUntil) {

    /** A certificate planned to renew at {@code dueAt}, never tried. */
    public static RenewalState planned(Thumbprint thumbprint, Instant dueAt) {
        return new RenewalState(thumbprint, dueAt, dueAt, 0, null, null, null, null);
    }

    /** After a failed attempt at {@code at}: tried again at {@code retryAt}. */
    public RenewalState failed(Instant at, String error, Instant retryAt) {
        return new RenewalState(thumbprint, dueAt, retryAt, failures + 1, at, error, null, null);
    }

    /** Due again at {@code dueAt} (a new ARI window, a changed policy, or --force). */
    public RenewalState replanned(Instant newDueAt) {
        return new RenewalState(
                thumbprint,
                newDueAt,
                failures == 0 ? newDueAt : nextAttemptAt,
                failures,
                lastAttemptAt,
                lastError,
                leaseOwner,
                leaseUntil);
    }

    public boolean leasedAt(Instant now) {
        return leaseOwner != null && leaseUntil != null && leaseUntil.isAfter(now);
    }
}
