package io.certwiz.crypto;

import java.time.Instant;

/**
 * A private key as the store holds it: sealed with the data directory's master key, beside its
 * public key (in the clear, for matching certificates to keys).
 */
public record StoredKey(
        long id, String algorithm, byte[] publicKey, byte[] sealed, boolean exportable, Instant createdAt) {}
