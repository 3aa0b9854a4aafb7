package io.certwiz.server.tls;

import io.certwiz.CertwizException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS set-up shared by the listeners: TLS 1.2 and 1.3 only, forward-secret AEAD suites only.
 *
 * <p>The TLS engine is Conscrypt (BoringSSL) when it is on the class path and loads, else the JDK's own:
 * a full handshake costs a third to a half less CPU in BoringSSL (BENCHMARKS.md, issue 3). Either engine asks
 * {@link UsageKeyManager} for the key material at every handshake, so hot swap works the same.
 * {@code -Dcertwiz.tls.provider=jdk} (or {@code CERTWIZ_TLS_PROVIDER=jdk}) forces the JDK's.
 */
final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
    };

    /** The native engine, or null for the JDK's; chosen once per process. */
    private static final Provider NATIVE = loadNative();

    private TlsContexts() {}

    /** "conscrypt" or "jdk": the engine the listeners use. */
    static String engine() {
        return NATIVE == null ? "jdk" : "conscrypt";
    }

    private static Provider loadNative() {
        String wanted = System.getProperty("certwiz.tls.provider", System.getenv("CERTWIZ_TLS_PROVIDER"));
        if (wanted != null && wanted.strip().toLowerCase(Locale.ROOT).equals("jdk")) {
            LOG.info("TLS engine: the JDK's (asked for)");
            return null;
        }
        try {
            if (org.conscrypt.Conscrypt.isAvailable()) {
                org.conscrypt.Conscrypt.Version version = org.conscrypt.Conscrypt.version();
                LOG.info(
                        "TLS engine: Conscrypt {} (BoringSSL)",
                        version == null ? "" : version.major() + "." + version.minor() + "." + version.patch());
                return org.conscrypt.Conscrypt.newProviderBuilder()
                        .setName("certwiz-conscrypt")
                        .provideTrustManager(false)
                        .build();
            }
            LOG.warn("Conscrypt cannot load its native library here; TLS uses the JDK's engine");
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("Conscrypt is not usable here ({}); TLS uses the JDK's engine", e.toString());
        }
        return null;
    }

    /**
     * The key as the engine uses it best: for Conscrypt, a native key made once per swap, so that a
     * handshake does not parse the key again; for the JDK, the key as it is.
     */
    static PrivateKey forEngine(PrivateKey key) {
        if (NATIVE == null || key == null || key.getEncoded() == null) {
            return key;
        }
        try {
            String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
            return KeyFactory.getInstance(algorithm, NATIVE).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Conscrypt can still use the key as it is, converting it at each handshake.
            return key;
        }
    }

    /**
     * Frees what an engine holds natively once its connection closed. Conscrypt's engine keeps its
     * BoringSSL state, and with it a pipe (two file descriptors), until both directions are closed and
     * the close_notify it then owes has been taken out; a connection dropped without one left all that to
     * the garbage collector. Closing both directions and draining the engine frees it now; for the JDK's
     * engine this changes nothing.
     */
    static void release(SSLEngine engine) {
        try {
            engine.closeOutbound();
            try {
                engine.closeInbound();
            } catch (javax.net.ssl.SSLException e) {
                // no close_notify from the peer: expected when a connection was dropped
            }
            java.nio.ByteBuffer sink =
                    java.nio.ByteBuffer.allocate(Math.max(engine.getSession().getPacketBufferSize(), 1 << 14));
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                sink.clear();
                engine.wrap(java.nio.ByteBuffer.allocate(0), sink);
            }
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            // the engine is closed either way; what it still holds goes with the garbage collector
        }
    }

    /** The JDK's engine over the same key manager, for handshakes that must negotiate ALPN first. */
    private static SSLContext jdkContext(KeyManager keyManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Whether this process's listeners can staple OCSP responses: with Conscrypt, the default engine. */
    static boolean staples() {
        return NATIVE != null && ConscryptStapling.available();
    }

    /**
     * A listener's TLS: mutual TLS when {@code clientTrust} is not null, tls-alpn-01 answered through
     * {@code acmeTlsAlpn} when that is not null, and the OCSP response {@code staple} gives (null: none;
     * given only when {@link #staples}) stapled in each handshake whose client asks for it.
     */
    static SslContextFactory.Server factory(
            KeyManager keyManager, TrustManager clientTrust, AcmeTlsAlpn acmeTlsAlpn, Supplier<byte[]> staple) {
        SSLContext context;
        try {
            context = NATIVE == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", NATIVE);
            context.init(
                    new KeyManager[] {keyManager},
                    clientTrust == null ? null : new TrustManager[] {clientTrust},
                    new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLContext jdk = acmeTlsAlpn == null || NATIVE == null ? context : jdkContext(keyManager);
        SslContextFactory.Server factory = new SslContextFactory.Server() {
            @Override
            public SSLEngine newSSLEngine(String host, int port) {
                if (acmeTlsAlpn == null || jdk == context || !acmeTlsAlpn.pending()) {
                    return super.newSSLEngine(host, port);
                }
                SSLEngine engine = jdk.createSSLEngine(host, port);
                customize(engine);
                return engine;
            }

            @Override
            public void customize(SSLEngine engine) {
                super.customize(engine);
                if (acmeTlsAlpn != null) {
                    engine.setHandshakeApplicationProtocolSelector(acmeTlsAlpn::select);
                }
                // The staple of the certificate current now: a handshake that begins in the instant of a
                // swap may present the new certificate with the previous one's response (another serial).
                byte[] response = staple == null ? null : staple.get();
                if (response != null) {
                    ConscryptStapling.set(engine, response);
                }
            }
        };
        factory.setSslContext(context);
        factory.setIncludeProtocols(PROTOCOLS);
        factory.setIncludeCipherSuites(CIPHER_SUITES);
        factory.setUseCipherSuitesOrder(true);
        factory.setSniRequired(false);
        if (clientTrust != null) {
            factory.setNeedClientAuth(true);
        }
        return factory;
    }
}
