package io.certwiz.acme.server;

import java.time.Instant;
import java.util.List;

/**
 * An account on the embedded CA's ACME server: its key as a JWK (JSON) with the key's RFC 7638
 * thumbprint, its status and contacts.
 */
public record AcmeAccount(
        String id,
        String keyThumbprint,
        String jwk,
        Status status,
        List<String> contact,
        String eabKid,
        Instant createdAt) {
    /** An account's status (RFC 8555 7.1.6); this server never revokes an account itself. */
    public enum Status implements AcmeStatus {
        VALID,
        DEACTIVATED
    }

    public AcmeAccount {
        contact = List.copyOf(contact);
    }

    public boolean valid() {
        return status == Status.VALID;
    }

    /** The same account with another key. */
    AcmeAccount withKey(String thumbprint, String newJwk) {
        return new AcmeAccount(id, thumbprint, newJwk, status, contact, eabKid, createdAt);
    }

    /** The same account with another status and contacts. */
    AcmeAccount with(Status newStatus, List<String> newContact) {
        return new AcmeAccount(id, keyThumbprint, jwk, newStatus, newContact, eabKid, createdAt);
    }
}
