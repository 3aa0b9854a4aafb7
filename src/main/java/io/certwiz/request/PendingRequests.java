package io.certwiz.request;

import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of the offline requests waiting for their CA's reply. */
public interface PendingRequests {
    /** Adds a request whose key is {@code keyId}; its id. */
    long add(Transaction tx, String csrPem, long keyId, List<Usage> usages, String friendlyName, String ca, Instant at);

    /** Every pending request, oldest first. */
    List<PendingRequest> all(Transaction tx);

    Optional<PendingRequest> find(Transaction tx, long id);

    void delete(Transaction tx, long id);
}
