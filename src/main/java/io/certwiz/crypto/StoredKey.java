package io.certwiz.crypto;

import java.time.Instant;

/**
 * A private key as the store holds it, beside its public key (in the clear, for matching certificates
 * to keys). A software key is sealed with the data directory's master key; its id, owner, exportability,
 * algorithm and public key are bound into the seal, so that changing any of them in the row makes it not
 * open. A key on a PKCS#11 token is not in the store at all: {@code tokenUri} (RFC 7512) names the token
 * object, and {@code sealed} is empty.
 */
public record StoredKey(
        long id,
        KeyOwner owner,
        String algorithm,
        byte[] publicKey,
        byte[] sealed,
        boolean exportable,
        Instant createdAt,
        String tokenUri) {
    /** A software key, sealed. */
    public StoredKey(
            long id,
            KeyOwner owner,
            String algorithm,
            byte[] publicKey,
            byte[] sealed,
            boolean exportable,
            Instant createdAt) {
        this(id, owner, algorithm, publicKey, sealed, exportable, createdAt, null);
    }

    /** Whether the key lives on a PKCS#11 token (then it never leaves it). */
    public boolean onToken() {
        return tokenUri != null;
    }
}
