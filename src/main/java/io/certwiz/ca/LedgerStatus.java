package io.certwiz.ca;

import io.certwiz.revocation.CertificateRevocation;
import io.certwiz.revocation.LocalStatus;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The embedded CA's revocations, known at once from its ledger (no CRL to fetch): a certificate its
 * issuing CA issued is good or revoked as the ledger says, and unknown when the ledger has no record of
 * it; the issuing CA itself, under the embedded root, is good. The ledger is current, so "when" of a good
 * status is when the certificate was issued: it is not revoked since. Any other certificate is not its to say.
 */
public final class LedgerStatus implements LocalStatus {
    private final Store store;
    private final Settings settings;
    private final IssuanceLedger ledger;
    private volatile X509Certificate[] ca;

    public LedgerStatus(Store store, Settings settings, IssuanceLedger ledger) {
        this.store = store;
        this.settings = settings;
        this.ledger = ledger;
    }

    /** The embedded root and issuing CA, read once; empty in a store without them. */
    private X509Certificate[] ca() {
        X509Certificate[] known = ca;
        if (known != null) {
            return known;
        }
        try {
            known = store.read((Transaction tx) -> {
                String root = settings.get(tx, EmbeddedCa.ROOT_PEM).orElse(null);
                String intermediate =
                        settings.get(tx, EmbeddedCa.INTERMEDIATE_PEM).orElse(null);
                return root == null || intermediate == null
                        ? new X509Certificate[0]
                        : new X509Certificate[] {read(root), read(intermediate)};
            });
        } catch (RuntimeException e) {
            known = new X509Certificate[0];
        }
        ca = known;
        return known;
    }

    private static X509Certificate read(String pem) {
        return CertificateReader.read(pem.getBytes(StandardCharsets.US_ASCII), null)
                .certificates()
                .getFirst();
    }

    @Override
    public Optional<CertificateRevocation> status(X509Certificate certificate, X509Certificate issuer) {
        X509Certificate[] embedded = ca();
        if (embedded.length == 0) {
            return Optional.empty();
        }
        if (issuer.equals(embedded[0]) && certificate.equals(embedded[1])) {
            return Optional.of(CertificateRevocation.good(
                    CertificateRevocation.EMBEDDED_CA,
                    certificate.getNotBefore().toInstant(),
                    null));
        }
        if (!issuer.equals(embedded[1])) {
            return Optional.empty();
        }
        Thumbprint issuerThumbprint = Thumbprint.of(embedded[1]);
        Optional<IssuedRecord> record = store.read((Transaction tx) -> ledger.find(tx, certificate.getSerialNumber()))
                .filter(r ->
                        r.issuer().equals(issuerThumbprint) && r.thumbprint().equals(Thumbprint.of(certificate)));
        if (record.isEmpty()) {
            return Optional.of(CertificateRevocation.unknown("the embedded CA has no record of issuing it"));
        }
        IssuedRecord issued = record.get();
        if (issued.revokedAt() != null) {
            return Optional.of(CertificateRevocation.revoked(
                    CertificateRevocation.EMBEDDED_CA,
                    issued.revokedAt(),
                    RevocationReason.nameOf(issued.revocationReason()),
                    null));
        }
        return Optional.of(CertificateRevocation.good(CertificateRevocation.EMBEDDED_CA, issued.issuedAt(), null));
    }
}
