package io.certwiz.acme.server;

import java.time.Instant;

/**
 * An authorization for one DNS name of one order. Its challenges (http-01, tls-alpn-01) share its token;
 * {@code challengeType} is the one that was tried, with its outcome in {@code status}, {@code validatedAt}
 * and {@code error} (a problem document, JSON).
 */
public record AcmeAuthorization(
        String id,
        String orderId,
        int ordinal,
        String accountId,
        String identifier,
        Status status,
        Instant expires,
        String token,
        String challengeType,
        Instant validatedAt,
        String error) {
    /** An authorization's status (RFC 8555 7.1.6); {@code expired} is shown, never stored. */
    public enum Status implements AcmeStatus {
        PENDING,
        VALID,
        INVALID,
        DEACTIVATED,
        EXPIRED
    }

    /** The status a client sees at {@code now}: a pending or valid authorization past its expiry is expired. */
    Status statusAt(Instant now) {
        if ((status == Status.PENDING || status == Status.VALID) && now.isAfter(expires)) {
            return Status.EXPIRED;
        }
        return status;
    }
}
