package io.certwiz.server.tls;

import io.certwiz.x509.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a listener presents: a certificate chain (leaf first, no root) and the leaf's private key; and the
 * leaf's issuer, which may be a root outside the chain (null when unknown), for OCSP.
 */
record KeyMaterial(List<X509Certificate> chain, PrivateKey key, boolean temporary, X509Certificate issuer) {
    KeyMaterial {
        chain = List.copyOf(chain);
    }

    /** With the issuer taken from the chain. */
    KeyMaterial(List<X509Certificate> chain, PrivateKey key, boolean temporary) {
        this(chain, key, temporary, chain.size() > 1 ? chain.get(1) : null);
    }

    Thumbprint thumbprint() {
        return Thumbprint.of(chain.getFirst());
    }
}
