package io.certwiz.crypto;

import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of private keys, sealed: the store never sees a key in the clear. */
public interface KeyRecords {
    /** Adds a sealed key; its id. */
    long add(
            Transaction tx,
            KeyOwner owner,
            String algorithm,
            byte[] publicKey,
            byte[] sealed,
            boolean exportable,
            Instant createdAt);

    /** Replaces a key's sealed bytes (sealing it with its id, a new format or a new master key). */
    void reseal(Transaction tx, long id, byte[] sealed);

    /**
     * Adds a reference to a key that lives on a PKCS#11 token (its RFC 7512 URI); never exportable. Its id.
     */
    long addOnToken(
            Transaction tx, KeyOwner owner, String algorithm, byte[] publicKey, String tokenUri, Instant createdAt);

    Optional<StoredKey> find(Transaction tx, long id);

    /** Every key, by id. */
    List<StoredKey> all(Transaction tx);

    void delete(Transaction tx, long id);
}
