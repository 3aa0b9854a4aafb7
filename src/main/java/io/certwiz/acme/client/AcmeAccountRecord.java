package io.certwiz.acme.client;

import java.time.Instant;
import java.util.List;

/**
 * An ACME CA registered with {@code certwiz ca add}: its directory, the account certwiz holds there
 * (the account key is sealed in the key store like every private key), and the settings it was added
 * with. The EAB MAC key is used once at registration and never stored.
 */
public record AcmeAccountRecord(
        String name,
        String directoryUrl,
        String accountUrl,
        long keyId,
        List<String> contacts,
        String caBundlePem,
        String eabKid,
        String profile,
        String termsOfService,
        Instant createdAt) {
    public AcmeAccountRecord {
        contacts = List.copyOf(contacts);
    }
}
