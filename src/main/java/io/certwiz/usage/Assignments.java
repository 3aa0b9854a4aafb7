package io.certwiz.usage;

import io.certwiz.store.Transaction;
import java.util.List;
import java.util.Optional;

/** Storage of which certificate each usage uses. */
public interface Assignments {
    /** Every assignment, by usage name. */
    List<Assignment> all(Transaction tx);

    Optional<Assignment> find(Transaction tx, Usage usage);

    /** Sets the usage's assignment, replacing the one it had. */
    void put(Transaction tx, Assignment assignment);

    void delete(Transaction tx, Usage usage);

    /**
     * A cheap summary of the assignments and of the root and intermediate stores: it changes whenever
     * either does, so that a running server can poll it to notice changes made by other processes.
     */
    String changeMarker(Transaction tx);
}
