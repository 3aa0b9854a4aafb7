package io.certwiz.revocation;

import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.Optional;

/**
 * CRLs and OCSP responses fetched from outside CAs, kept in the store until their nextUpdate so that every
 * command and every server of a pool fetches each one once.
 */
public interface RevocationCache {
    /** What was fetched for {@code source}, while its next update is after {@code now}. */
    Optional<byte[]> find(Transaction tx, String source, Instant now);

    void put(Transaction tx, String source, String kind, Instant fetchedAt, Instant nextUpdate, byte[] der);

    /** Forgets every entry whose next update is before {@code now}; how many. */
    int sweep(Transaction tx, Instant now);
}
