package io.certwiz.acme.server;

import java.time.Instant;
import java.util.List;

/** An order as stored; {@code error} is a problem document (JSON) when it went invalid. */
public record AcmeOrder(
        String id,
        String accountId,
        Status status,
        List<String> identifiers,
        Instant expires,
        String error,
        String certificateId,
        Instant createdAt) {
    /** What an order is stored as (RFC 8555 7.1.6); finalize issues at once, so none is ever processing. */
    public enum Status implements AcmeStatus {
        PENDING,
        READY,
        VALID,
        INVALID
    }

    public AcmeOrder {
        identifiers = List.copyOf(identifiers);
    }

    /** The same order, moved to {@code status} with {@code certificateId}. */
    AcmeOrder with(Status status, String certificateId) {
        return new AcmeOrder(id, accountId, status, identifiers, expires, error, certificateId, createdAt);
    }

    /**
     * The status a client sees at {@code now}: a pending or ready order is invalid once it or any of its
     * authorizations expired or failed, ready once they are all valid.
     */
    Status statusAt(List<AcmeAuthorization> authorizations, Instant now) {
        if (status == Status.VALID || status == Status.INVALID) {
            return status;
        }
        if (now.isAfter(expires)) {
            return Status.INVALID;
        }
        boolean allValid = true;
        for (AcmeAuthorization authorization : authorizations) {
            AcmeAuthorization.Status shown = authorization.statusAt(now);
            if (shown != AcmeAuthorization.Status.VALID && shown != AcmeAuthorization.Status.PENDING) {
                return Status.INVALID;
            }
            allValid &= shown == AcmeAuthorization.Status.VALID;
        }
        return allValid ? Status.READY : Status.PENDING;
    }
}
