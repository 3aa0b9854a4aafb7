package io.certwiz.revocation;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The status of a certificate from a CA whose records are here (the embedded CA's ledger), known at once
 * without a CRL or OCSP; empty for a certificate that CA did not issue.
 */
@FunctionalInterface
public interface LocalStatus {
    Optional<CertificateRevocation> status(X509Certificate certificate, X509Certificate issuer);

    LocalStatus NONE = (certificate, issuer) -> Optional.empty();
}
