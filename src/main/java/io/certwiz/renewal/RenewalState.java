package io.certwiz.renewal;

import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/**
 * Where the renewal of one certificate stands: when it is due, when it is next tried, and how the last
 * attempts went. {@code failures} counts the failed attempts since the last success; a lease, while it
 * lasts, says which server of a pool is renewing it; {@code pendingRequest} is the offline request a
 * certificate from an outside CA waits for (its reply renews it).
 */
public record RenewalState(
        Thumbprint thumbprint,
        Instant dueAt,
        Instant nextAttemptAt,
        int failures,
        Instant lastAttemptAt,
        String lastError,
        String leaseOwner,
        Instant leaseUntil,
        Long pendingRequest) {

    /** A state with no offline request waiting. */
    public RenewalState(
            Thumbprint thumbprint,
            Instant dueAt,
            Instant nextAttemptAt,
            int failures,
            Instant lastAttemptAt,
            String lastError,
            String leaseOwner,
            Instant leaseUntil) {
        this(thumbprint, dueAt, nextAttemptAt, failures, lastAttemptAt, lastError, leaseOwner, leaseUntil, null);
    }

    /** A certificate planned to renew at {@code dueAt}, never tried. */
    public static RenewalState planned(Thumbprint thumbprint, Instant dueAt) {
        return new RenewalState(thumbprint, dueAt, dueAt, 0, null, null, null, null, null);
    }

    /** After a failed attempt at {@code at}: tried again at {@code retryAt}. */
    public RenewalState failed(Instant at, String error, Instant retryAt) {
        return new RenewalState(thumbprint, dueAt, retryAt, failures + 1, at, error, null, null, pendingRequest);
    }

    /**
     * After an attempt at {@code at} that could only prepare offline request {@code requestId} for an
     * outside CA: a failure as alerts see it, looked at again at {@code retryAt}.
     */
    public RenewalState waitingFor(long requestId, Instant at, String error, Instant retryAt) {
        return new RenewalState(thumbprint, dueAt, retryAt, failures + 1, at, error, null, null, requestId);
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
                leaseUntil,
                pendingRequest);
    }

    public boolean leasedAt(Instant now) {
        return leaseOwner != null && leaseUntil != null && leaseUntil.isAfter(now);
    }

    /** Whether the last attempt failed (or left an offline request waiting): what alerts look for. */
    public boolean failing() {
        return failures > 0;
    }
}
