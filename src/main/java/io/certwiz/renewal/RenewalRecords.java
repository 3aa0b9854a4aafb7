package io.certwiz.renewal;

import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of renewal: each tracked certificate's state, the leases of a pool, and the lineage of renewals. */
public interface RenewalRecords {
    Optional<RenewalState> state(Transaction tx, Thumbprint thumbprint);

    /** Adds or replaces a state, lease included. */
    void put(Transaction tx, RenewalState state);

    void delete(Transaction tx, Thumbprint thumbprint);

    /** The states whose next attempt is at or before {@code now}, soonest first, at most {@code limit}. */
    List<RenewalState> dueBy(Transaction tx, Instant now, int limit);

    /** Every state, by thumbprint. */
    List<RenewalState> all(Transaction tx);

    /**
     * Takes the lease on a certificate's renewal for {@code owner} until {@code until}, unless another
     * owner holds an unexpired one at {@code now}: true when taken (or renewed by the same owner).
     */
    boolean lease(Transaction tx, Thumbprint thumbprint, String owner, Instant now, Instant until);

    /** Gives a lease back; nothing when {@code owner} does not hold it. */
    void release(Transaction tx, Thumbprint thumbprint, String owner);

    /** Records that {@code renewed} replaces {@code replaced}. */
    void recordRenewal(Transaction tx, Thumbprint renewed, Thumbprint replaced, Instant at);

    /** The certificate that {@code thumbprint} replaced, when it is a renewal. */
    Optional<Thumbprint> replaces(Transaction tx, Thumbprint thumbprint);

    /** The certificate that replaced {@code thumbprint}, when it was renewed. */
    Optional<Thumbprint> replacedBy(Transaction tx, Thumbprint thumbprint);

    /** Forgets that {@code renewed} replaced anything (its renewal was rolled back). */
    void forgetRenewal(Transaction tx, Thumbprint renewed);
}
