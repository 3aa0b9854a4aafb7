package io.certwiz.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS client side for the server tests, written against the JDK only. */
public final class Tls {
    private Tls() {}

    /** SHA-1 of the DER, upper-case hex: the thumbprint as certwiz and Windows show it. */
    public static String sha1(X509Certificate certificate) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A trust manager that records the chain each server presents. With {@code root} it also validates
     * the chain to that root (PKIX, no host name check: the tests connect to 127.0.0.1); without, it
     * accepts anything, to look at temporary self-signed certificates.
     */
    public static final class Recording extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;
        private final AtomicReference<X509Certificate[]> last = new AtomicReference<>();

        public Recording(X509Certificate root) {
            this.pkix = root == null ? null : pkix(root);
        }

        public X509Certificate[] last() {
            return last.get();
        }

        private void server(X509Certificate[] chain, String authType) throws CertificateException {
            last.set(chain);
            if (pkix != null) {
                pkix.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            server(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            server(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            server(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static X509TrustManager pkix(X509Certificate root) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyManager[] keyManagers(KeyStore store, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLContext context(TrustManager trust, KeyManager[] keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpClient httpClient(SSLContext context) {
        return HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** An HTTP client that accepts any server certificate (for API tests, where TLS is not the point). */
    public static HttpClient insecureHttpClient() {
        return httpClient(context(new Recording(null), null));
    }

    /** A full handshake on a new connection; the chain the server presented. */
    public static X509Certificate[] handshake(int port, SSLContext context, List<String> protocols) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            if (protocols != null) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setProtocols(protocols.toArray(String[]::new));
                socket.setSSLParameters(parameters);
            }
            socket.startHandshake();
            return (X509Certificate[]) socket.getSession().getPeerCertificates();
        }
    }

    /** The thumbprint of the leaf a new handshake gets, without trusting it. */
    public static String presented(int port) {
        Recording recording = new Recording(null);
        try {
            handshake(port, context(recording, null), null);
        } catch (IOException e) {
            // A listener that wants a client certificate may refuse after showing its own.
            if (recording.last() == null) {
                throw new UncheckedIOException(e);
            }
        }
        return sha1(recording.last()[0]);
    }
}
