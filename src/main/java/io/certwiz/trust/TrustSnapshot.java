package io.certwiz.trust;

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

    public static TrustSnapshot load(Transaction tx) {
        return new TrustSnapshot(
                tx.certificates(TrustStore.root).stream()
                        .map(StoredCertificate::certificate)
                        .toList(),
                tx.certificates(TrustStore.intermediate).stream()
                        .map(StoredCertificate::certificate)
                        .toList());
    }

    public ChainAnalyzer analyzer() {
        return new ChainAnalyzer(roots, intermediates);
    }
}
