package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.util.CertificateUtils;

/**
 * The self-signed certificate a tls-alpn-01 answer presents (RFC 8737; RFC 8738 for IP addresses): made
 * by acme4j from the identifier and the SHA-256 of the key authorization, under a throwaway key.
 */
public final class TlsAlpnCertificate {
    /** The ALPN protocol an ACME CA offers when it validates tls-alpn-01. */
    public static final String ACME_TLS_1 = "acme-tls/1";

    private TlsAlpnCertificate() {}

    /** A throwaway key for challenge certificates (acme4j signs them with SHA256withRSA). */
    public static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot make the tls-alpn-01 key: " + e.getMessage(), e);
        }
    }

    public static X509Certificate create(KeyPair keys, Identifier identifier, String keyAuthorization) {
        try {
            return CertificateUtils.createTlsAlpn01Certificate(
                    keys, identifier, AcmeUtils.sha256hash(keyAuthorization));
        } catch (IOException | RuntimeException e) {
            throw CertwizException.error(
                    "cannot make the tls-alpn-01 certificate for " + identifier.getValue() + ": " + e.getMessage(), e);
        }
    }

    /** The TLS server name a tls-alpn-01 validation asks for: the domain, or an IP's reverse name. */
    public static String sniName(Identifier identifier) {
        if (!identifier.getType().equals(Identifier.TYPE_IP)) {
            return identifier.getDomain().toLowerCase(Locale.ROOT);
        }
        byte[] address = identifier.getIP().getAddress();
        StringBuilder name = new StringBuilder();
        if (address.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(address[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa").toString();
        }
        for (int i = address.length - 1; i >= 0; i--) {
            name.append(Character.forDigit(address[i] & 0xf, 16))
                    .append('.')
                    .append(Character.forDigit((address[i] >> 4) & 0xf, 16))
                    .append('.');
        }
        return name.append("ip6.arpa").toString();
    }

    /** The host name a TLS client asked for by SNI during a handshake, lower case, or null. */
    public static String requestedServerName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }
}
