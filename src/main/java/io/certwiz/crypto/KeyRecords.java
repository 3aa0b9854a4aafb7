package io.certwiz.crypto;

import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of private keys, sealed: the store never sees a key in the clear. */
public interface KeyRecords {
    /** Adds a sealed key; its id. */
    long add(Transaction tx, String algorithm, byte[] publicKey, byte[] sealed, boolean exportable, Instant createdAt);

    /**
     * Adds a reference to a key that lives on a PKCS#11 token (its RFC 7512 URI); never exportable. Its id.
     */
    long addOnToken(Transaction tx, String algorithm, byte[] publicKey, String tokenUri, Instant createdAt);

    Optional<StoredKey> find(Transaction tx, long id);

    /** Every key, by id. */
    List<StoredKey> all(Transaction tx);

    void delete(Transaction tx, long id);
}
