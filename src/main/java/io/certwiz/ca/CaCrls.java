package io.certwiz.ca;

import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.util.Optional;

/** The embedded CA's signed CRLs, one current CRL per issuing CA, shared by the servers of a pool. */
public interface CaCrls {
    Optional<StoredCrl> find(Transaction tx, Thumbprint issuer);

    /**
     * Makes {@code crl} the issuer's current CRL if the current one is still number {@code replacing} (null:
     * there is none yet); false, and nothing written, when another writer replaced it first.
     */
    boolean replace(Transaction tx, StoredCrl crl, Long replacing);
}
