package io.certwiz.assignment;

import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;

/** Storage of each usage's assignment history, appended in the transaction of every change. */
public interface AssignmentHistory {
    /** Appends a change of {@code usage} to {@code thumbprint} (null: unassigned). */
    void append(Transaction tx, Usage usage, Thumbprint thumbprint, Instant at, String cause);

    /** The newest changes of {@code usage} first, at most {@code limit}. */
    List<AssignmentChange> of(Transaction tx, Usage usage, int limit);

    /** Whether {@code thumbprint} was ever assigned to a usage. */
    boolean everAssigned(Transaction tx, Thumbprint thumbprint);
}
