package io.certwiz.certificate;

import io.certwiz.trust.TrustStore;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate held in one of the server's stores, with its private key's id when it has one. */
public record StoredCertificate(
        Thumbprint thumbprint,
        TrustStore store,
        X509Certificate certificate,
        String friendlyName,
        Long keyId,
        Instant addedAt) {
    public boolean hasPrivateKey() {
        return keyId != null;
    }
}
