package io.certwiz.x509;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What a certificate file held: one or more certificates in file order and, for PKCS#12 or a PEM
 * with a key, the private key of the first one.
 */
public record CertificateBundle(Format format, List<X509Certificate> certificates, Optional<PrivateKey> privateKey) {
    public enum Format {
        PEM,
        DER,
        PKCS7,
        PKCS12
    }

    public CertificateBundle {
        certificates = List.copyOf(certificates);
    }

    /** True when the file came as a chain or a PFX, not as a lone certificate. */
    public boolean isChainOrPfx() {
        return format == Format.PKCS12 || format == Format.PKCS7 || certificates.size() > 1;
    }
}
