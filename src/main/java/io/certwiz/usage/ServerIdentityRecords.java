package io.certwiz.usage;

import io.certwiz.store.Transaction;
import java.util.Optional;

/** Storage of the server identity: the one set of names that requests are planned from. */
public interface ServerIdentityRecords {
    /** Empty before {@code init}. */
    Optional<ServerIdentity> identity(Transaction tx);

    /** Saves the identity, replacing the one there was. */
    void save(Transaction tx, ServerIdentity identity);
}
