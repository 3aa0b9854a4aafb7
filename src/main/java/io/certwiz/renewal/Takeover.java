package io.certwiz.renewal;

import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/**
 * What happens when a renewed certificate takes over one usage of the certificate it replaces, inside
 * the renewal's transaction, after the checks of {@code assign} passed for every usage. The default
 * swaps the assignment at once; a usage whose consumers must learn of the new certificate first (the
 * OAuth token issuer's key roll-over) can stage it instead and swap later.
 */
public interface Takeover {
    enum Result {
        /** The usage now uses the renewed certificate; its listener, if any, is verified. */
        SWAPPED,
        /** The renewed certificate is staged for the usage, which keeps the old one for now. */
        STAGED
    }

    Result takeOver(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now);

    /** Undoes {@link #takeOver} when the renewal is reverted: the usage goes back to {@code replaced}. */
    void revert(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now);
}
