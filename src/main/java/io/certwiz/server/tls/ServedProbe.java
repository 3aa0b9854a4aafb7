package io.certwiz.server.tls;

import io.certwiz.renewal.ServedCheck;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The renewal's check of what is served, by real handshakes: after a swap each listener of the usages
 * is asked (with the usage's name as SNI) and must present the expected certificate. Default asks for a
 * client certificate, so the probe presents the one the listener has now, as a server of the pool would.
 */
final class ServedProbe implements ServedCheck {
    static final int TIMEOUT_MILLIS = 5_000;
    private static final char[] NO_PASSWORD = new char[0];

    private final TlsListeners listeners;
    private final String host;
    private final ServerIdentity identity;

    ServedProbe(TlsListeners listeners, String host, ServerIdentity identity) {
        this.listeners = listeners;
        this.host = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
        this.identity = identity;
    }

    @Override
    public List<String> problems(List<Usage> usages, Thumbprint expected) {
        listeners.refresh();
        List<String> problems = new ArrayList<>();
        for (Usage usage : usages) {
            if (!TlsListeners.USAGES.contains(usage) || listeners.port(usage) < 0) {
                continue;
            }
            try {
                Thumbprint presented = presented(usage);
                if (!presented.equals(expected)) {
                    problems.add(usage.name() + " presented " + presented + " instead of " + expected);
                }
            } catch (IOException | GeneralSecurityException e) {
                problems.add(usage.name() + ": no handshake with " + host + ":" + listeners.port(usage) + ": "
                        + e.getMessage());
            }
        }
        return problems;
    }

    @Override
    public void refresh() {
        listeners.refresh();
    }

    /** The leaf the listener presents on a new handshake. */
    Thumbprint presented(Usage usage) throws IOException, GeneralSecurityException {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(clientKeys(usage), new TrustManager[] {new Recorder(seen)}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, listeners.port(usage)), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(identity.fqdnFor(usage))));
            socket.setSSLParameters(parameters);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                if (seen.get() == null) {
                    throw e;
                }
                // The server's certificate came before whatever failed after it: that is what was asked.
            }
        }
        return Thumbprint.of(seen.get());
    }

    /** For Default (mutual TLS): the listener's own current credential; none for the others. */
    private KeyManager[] clientKeys(Usage usage) throws GeneralSecurityException, IOException {
        KeyMaterial material =
                usage == Usage.Default ? listeners.keyManager(usage).current() : null;
        if (material == null || material.temporary()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "client", material.key(), NO_PASSWORD, material.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    /** Accepts any server, remembering its leaf: the probe compares thumbprints, it trusts nothing. */
    private record Recorder(AtomicReference<X509Certificate> seen) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a probe is a client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen.set(chain[0]);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
