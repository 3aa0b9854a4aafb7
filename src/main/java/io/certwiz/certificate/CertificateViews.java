package io.certwiz.certificate;

import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.usage.Assignment;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.SubjectAltName;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Builds {@link CertificateView}s from stored certificates within one read of the store ({@link
 * HeldCertificates#views}).
 */
public final class CertificateViews {
    private final Transaction tx;
    private final KeyRecords keys;
    private final List<Assignment> assignments;
    private final TrustSnapshot trust;
    private final Instant now;

    CertificateViews(Transaction tx, KeyRecords keys, List<Assignment> assignments, TrustSnapshot trust, Instant now) {
        this.tx = tx;
        this.keys = keys;
        this.assignments = assignments;
        this.trust = trust;
        this.now = now;
    }

    public TrustSnapshot trust() {
        return trust;
    }

    public CertificateView of(StoredCertificate stored) {
        return of(stored, trust.analyzer().analyze(stored.certificate(), now));
    }

    /** With the certificate's chain report, analysed by the caller against {@link #trust()} at the same moment. */
    public CertificateView of(StoredCertificate stored, ChainReport chain) {
        X509Certificate certificate = stored.certificate();
        Boolean exportable = null;
        String keyStore = null;
        if (stored.keyId() != null) {
            StoredKey key = keys.find(tx, stored.keyId()).orElse(null);
            exportable = key != null && key.exportable();
            keyStore = key == null ? null : io.certwiz.keystore.KeyService.location(key);
        }
        return new CertificateView(
                stored.thumbprint().hex(),
                io.certwiz.x509.Thumbprint.sha256(certificate),
                certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(),
                CertificateDetails.serialHex(certificate),
                certificate.getNotBefore().toInstant().toString(),
                certificate.getNotAfter().toInstant().toString(),
                SubjectAltName.of(certificate).stream()
                        .map(SubjectAltName::toString)
                        .toList(),
                stored.store().name(),
                stored.friendlyName(),
                stored.hasPrivateKey(),
                exportable,
                keyStore,
                CertificateView.Chain.of(chain),
                assignments.stream()
                        .filter(a -> a.thumbprint().equals(stored.thumbprint()))
                        .map(a -> a.usage().name())
                        .toList(),
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
