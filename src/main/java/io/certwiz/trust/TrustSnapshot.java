package io.certwiz.trust;

import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.Transaction;
import java.security.cert.X509Certificate;
import java.util.List;

/** The contents of the {@code root} and {@code intermediate} stores at one moment. */
public record TrustSnapshot(List<X509Certificate> roots, List<X509Certificate> intermediates) {
    public TrustSnapshot {
        roots = List.copyOf(roots);
        intermediates = List.copyOf(intermediates);
    }

    public static TrustSnapshot load(CertificateRecords certificates, Transaction tx) {
        return new TrustSnapshot(
                certificates.inStore(tx, TrustStore.root).stream()
                        .map(StoredCertificate::certificate)
                        .toList(),
                certificates.inStore(tx, TrustStore.intermediate).stream()
                        .map(StoredCertificate::certificate)
                        .toList());
    }

    public ChainAnalyzer analyzer() {
        return new ChainAnalyzer(roots, intermediates);
    }
}
