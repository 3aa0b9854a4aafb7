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

    Optional<StoredKey> find(Transaction tx, long id);

    /** Every key, by id. */
    List<StoredKey> all(Transaction tx);

    void delete(Transaction tx, long id);
}
