package io.certwiz.acme.server;

import io.certwiz.ca.EmbeddedCa;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** The CA the ACME server issues from. */
public interface AcmeIssuer {
    /** The CA certificate that signs: served after each leaf, and what revocation requests are checked against. */
    X509Certificate issuer();

    /**
     * Signs a request whose names the ACME server checked, outside any transaction: no one sees the
     * certificate until {@link #record} stores it in the transaction that completes the order.
     */
    X509Certificate sign(PKCS10CertificationRequest csr, List<Usage> usages, Duration lifetime);

    /** Records a certificate from {@link #sign} as issued (for the CRL), in the caller's transaction. */
    void record(Transaction tx, X509Certificate leaf, Instant at);

    /** The embedded CA, loaded when first needed. */
    static AcmeIssuer embedded(Supplier<EmbeddedCa> ca) {
        return new AcmeIssuer() {
            @Override
            public X509Certificate issuer() {
                return ca.get().intermediate();
            }

            @Override
            public X509Certificate sign(PKCS10CertificationRequest csr, List<Usage> usages, Duration lifetime) {
                return ca.get().sign(csr, usages, lifetime);
            }

            @Override
            public void record(Transaction tx, X509Certificate leaf, Instant at) {
                ca.get().record(tx, leaf, at);
            }
        };
    }
}
