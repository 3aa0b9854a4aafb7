package io.certwiz.server.tls;

import io.certwiz.acme.client.TlsAlpnAnswers;
import io.certwiz.acme.client.TlsAlpnCertificate;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;

/**
 * tls-alpn-01 on a TLS listener (RFC 8737): a handshake that offers acme-tls/1 for a name with a
 * published challenge negotiates it and gets the challenge certificate; every other handshake is
 * untouched (no ALPN, the usage's certificate).
 *
 * <p>BoringSSL (Conscrypt) picks the certificate before it negotiates ALPN, so a handshake cannot learn
 * there that it is a validation in time; the JDK's engine negotiates ALPN first. While a challenge is
 * published ({@link #pending()}), the listener therefore makes its new connections with the JDK's
 * engine ({@link TlsContexts}), and with Conscrypt again once the challenge is withdrawn.
 */
final class AcmeTlsAlpn {
    private static final String ALIAS_PREFIX = "acme-tls/1:";

    private final TlsAlpnAnswers answers;

    AcmeTlsAlpn(TlsAlpnAnswers answers) {
        this.answers = answers;
    }

    /** True while a tls-alpn-01 answer is published (checked at most every few milliseconds). */
    boolean pending() {
        return answers.pending();
    }

    /** The engine's ALPN choice: acme-tls/1 when offered for a name with a challenge, else none (""). */
    String select(SSLEngine engine, List<String> offered) {
        if (offered.contains(TlsAlpnCertificate.ACME_TLS_1)
                && answers.find(TlsAlpnCertificate.requestedServerName(engine.getHandshakeSession()))
                        .isPresent()) {
            return TlsAlpnCertificate.ACME_TLS_1;
        }
        return "";
    }

    /** True when this handshake negotiated acme-tls/1: it gets the challenge certificate or nothing. */
    static boolean negotiated(SSLEngine engine) {
        return TlsAlpnCertificate.ACME_TLS_1.equals(engine.getHandshakeApplicationProtocol());
    }

    /** The challenge alias for a handshake that {@link #negotiated} acme-tls/1, if it fits {@code keyType}. */
    String alias(String keyType, SSLEngine engine) {
        String name = TlsAlpnCertificate.requestedServerName(engine.getHandshakeSession());
        if (name == null || !(keyType == null || keyType.equals("RSA") || keyType.equals("RSASSA-PSS"))) {
            return null;
        }
        return answers.find(name).isPresent() ? ALIAS_PREFIX + name : null;
    }

    static boolean isAlias(String alias) {
        return alias != null && alias.startsWith(ALIAS_PREFIX);
    }

    X509Certificate[] chain(String alias) {
        return answer(alias).map(a -> new X509Certificate[] {a.certificate()}).orElse(null);
    }

    PrivateKey key(String alias) {
        return answer(alias).map(TlsAlpnAnswers.Answer::key).orElse(null);
    }

    private Optional<TlsAlpnAnswers.Answer> answer(String alias) {
        return answers.find(alias.substring(ALIAS_PREFIX.length()));
    }
}
