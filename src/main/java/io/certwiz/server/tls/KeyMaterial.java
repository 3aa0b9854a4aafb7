package io.certwiz.server.tls;

import io.certwiz.x509.Thumbprint;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** What a listener presents: a certificate chain (leaf first, no root) and the leaf's private key. */
record KeyMaterial(List<X509Certificate> chain, PrivateKey key, boolean temporary) {
    KeyMaterial {
        chain = List.copyOf(chain);
    }

    Thumbprint thumbprint() {
        return Thumbprint.of(chain.getFirst());
    }
}
