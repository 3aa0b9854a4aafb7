package io.certwiz.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import io.certwiz.CertwizException;
import io.certwiz.x509.Thumbprint;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

/**
 * One OAuthTokenIssuer certificate as tokens name it: its thumbprint as {@code kid}, the SHA-256 of its
 * DER as {@code x5t#S256}, the JWS algorithm its key signs with, and its role in the roll-over.
 */
public record TokenKey(Role role, X509Certificate certificate, Instant effectiveFrom) {
    /** Which certificate of the usage this is. */
    public enum Role {
        current,
        next,
        previous
    }

    public String kid() {
        return Thumbprint.of(certificate).hex();
    }

    public Base64URL x5tS256() {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw CertwizException.error("cannot hash the OAuthTokenIssuer certificate: " + e.getMessage(), e);
        }
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public JWSAlgorithm algorithm() {
        return algorithm(certificate.getPublicKey());
    }

    /** RS256 for RSA; ES256, ES384 or ES512 for the P-256, P-384 and P-521 curves. */
    static JWSAlgorithm algorithm(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            if (bits <= 256) {
                return JWSAlgorithm.ES256;
            }
            return bits <= 384 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
        }
        throw CertwizException.refused("the OAuthTokenIssuer certificate has a " + key.getAlgorithm()
                + " key, which cannot sign tokens (RSA or EC)");
    }
}
