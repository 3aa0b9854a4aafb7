package io.certwiz.assignment;

import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate assigned to a usage, ready to present: its chain (leaf first, no root), private key, and
 * the leaf's issuer (an intermediate or the root; null when the store lacks it), which OCSP asks about.
 */
public record AssignedCredential(
        Usage usage, Thumbprint thumbprint, List<X509Certificate> chain, PrivateKey key, X509Certificate issuer) {
    public AssignedCredential {
        chain = List.copyOf(chain);
    }
}
