package io.certwiz.crypto;

import java.time.Instant;

/**
 * A private key as the store holds it: sealed with the data directory's master key, beside its
 * public key (in the clear, for matching certificates to keys). Its id, owner, exportability,
 * algorithm and public key are bound into the seal: changing any of them in the row makes it not open.
 */
public record StoredKey(
        long id,
        KeyOwner owner,
        String algorithm,
        byte[] publicKey,
        byte[] sealed,
        boolean exportable,
        Instant createdAt) {}
