package io.certwiz.acme.server;

import java.time.Instant;
import java.util.List;

/**
 * An account on the embedded CA's ACME server: its key as a JWK (JSON) with the key's RFC 7638
 * thumbprint, its status ({@code valid}, {@code deactivated}, {@code revoked}) and contacts.
 */
public record AcmeAccount(
        String id,
        String keyThumbprint,
        String jwk,
        String status,
        List<String> contact,
        String eabKid,
        Instant createdAt) {
    public AcmeAccount {
        contact = List.copyOf(contact);
    }

    public boolean valid() {
        return status.equals("valid");
    }
}
