package io.certwiz.certificate;

import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of the certificates held in the server's stores (personal, root, intermediate). */
public interface CertificateRecords {
    Optional<StoredCertificate> find(Transaction tx, Thumbprint thumbprint);

    /** The certificates of one store, ordered by subject (code point order on every database). */
    List<StoredCertificate> inStore(Transaction tx, TrustStore store);

    /** The certificates of every store, ordered by store, then subject. */
    List<StoredCertificate> all(Transaction tx);

    /** The thumbprints of every certificate held, in order; unlike {@link #all}, read without parsing a certificate. */
    List<Thumbprint> thumbprints(Transaction tx);

    /** The friendly name of every certificate that has one, by thumbprint (read without parsing a certificate). */
    java.util.Map<Thumbprint, String> friendlyNames(Transaction tx);

    /**
     * Adds a certificate, or moves it to {@code store} when it is already held; a null {@code friendlyName}
     * or {@code keyId} keeps the one it had, and so does its time of first adding.
     */
    void put(
            Transaction tx,
            X509Certificate certificate,
            TrustStore store,
            String friendlyName,
            Long keyId,
            Instant addedAt);

    /** Sets or (null) clears a held certificate's friendly name; the caller checks that it is unique. */
    void rename(Transaction tx, Thumbprint thumbprint, String friendlyName);

    void delete(Transaction tx, Thumbprint thumbprint);
}
