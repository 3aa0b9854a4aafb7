package io.certwiz.assignment;

import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The certificate assigned to a usage, ready to present: its chain (leaf first, no root) and private key. */
public record AssignedCredential(Usage usage, Thumbprint thumbprint, List<X509Certificate> chain, PrivateKey key) {
    public AssignedCredential {
        chain = List.copyOf(chain);
    }
}
