package io.certwiz.acme.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.certwiz.CertwizException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.shredzone.acme4j.Identifier;

/**
 * certwiz's own short-lived responder, listening only while an order waits: a plain HTTP server for
 * http-01, or for tls-alpn-01 (RFC 8737) a TLS server that completes a handshake only when the client
 * offers ALPN {@code acme-tls/1}, presenting the challenge certificate for the name it asked for by SNI.
 */
public final class StandaloneResponder implements ChallengeResponder {
    public static final String ACME_TLS_1 = TlsAlpnCertificate.ACME_TLS_1;

    private final ChallengeType type;
    private final ResponderAddress address;
    private final Map<String, String> http01 = new ConcurrentHashMap<>(); // token -> key authorization
    private final Map<String, String> tokensByIdentifier = new ConcurrentHashMap<>();
    private final Map<String, Answer> tlsAlpn01 = new ConcurrentHashMap<>(); // SNI name -> certificate
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer httpServer;
    private SSLServerSocket tlsServer;
    private Thread acceptor;
    private KeyPair tlsKeys;

    private record Answer(PrivateKey key, X509Certificate certificate) {}

    private StandaloneResponder(ChallengeType type, ResponderAddress address) {
        this.type = type;
        this.address = address;
    }

    /** Binds now, so that a port in use or a privileged port fails before anything is ordered. */
    public static StandaloneResponder start(ChallengeType type, ResponderAddress address) {
        StandaloneResponder responder = new StandaloneResponder(type, address);
        try {
            switch (type) {
                case HTTP_01 -> responder.startHttp();
                case TLS_ALPN_01 -> responder.startTls();
            }
        } catch (IOException e) {
            responder.close();
            String reason = e instanceof BindException || e.getMessage() == null
                    ? (e.getMessage() == null ? "cannot bind" : e.getMessage())
                    : e.getMessage();
            throw CertwizException.error("cannot start the " + type + " responder on " + address + ": " + reason
                    + (address.port() < 1024 ? " (ports below 1024 need privileges)" : "")
                    + "; pass --responder ADDR:PORT where the CA's validation requests arrive");
        }
        return responder;
    }

    /** The port it listens on (useful when started on port 0). */
    public int port() {
        if (httpServer != null) {
            return httpServer.getAddress().getPort();
        }
        return tlsServer == null ? -1 : tlsServer.getLocalPort();
    }

    @Override
    public String describe() {
        return "certwiz's " + type + " responder on " + address;
    }

    private void startHttp() throws IOException {
        httpServer = HttpServer.create(address.socketAddress(), 16);
        httpServer.createContext("/.well-known/acme-challenge/", this::serveHttp01);
        httpServer.setExecutor(workers);
        httpServer.start();
    }

    private void serveHttp01(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String token = path.substring(path.lastIndexOf('/') + 1);
            String answer = http01.get(token);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (answer == null || !(head || exchange.getRequestMethod().equals("GET"))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private void startTls() throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SniKeyManager()}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
        tlsServer = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        tlsServer.setReuseAddress(true);
        tlsServer.bind(address.socketAddress(), 16);
        acceptor = new Thread(this::acceptLoop, "certwiz-tls-alpn-01-responder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        ServerSocket server = tlsServer;
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                workers.execute(() -> handshake((SSLSocket) socket));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            } catch (RuntimeException e) {
                return; // the workers were shut down
            }
        }
    }

    private static void handshake(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.setHandshakeApplicationProtocolSelector(
                    (s, offered) -> offered.contains(ACME_TLS_1) ? ACME_TLS_1 : null);
            socket.startHandshake();
        } catch (IOException e) {
            // A client that does not speak acme-tls/1 or names no known domain gets an alert: expected.
        }
    }

    @Override
    public void addHttp01(String identifier, String token, String keyAuthorization) {
        requireType(ChallengeType.HTTP_01);
        http01.put(token, keyAuthorization);
        tokensByIdentifier.put(identifier, token);
    }

    @Override
    public synchronized void addTlsAlpn01(Identifier identifier, String keyAuthorization) {
        requireType(ChallengeType.TLS_ALPN_01);
        if (tlsKeys == null) {
            tlsKeys = TlsAlpnCertificate.newKeys();
        }
        X509Certificate certificate = TlsAlpnCertificate.create(tlsKeys, identifier, keyAuthorization);
        tlsAlpn01.put(TlsAlpnCertificate.sniName(identifier), new Answer(tlsKeys.getPrivate(), certificate));
        tokensByIdentifier.put(AcmeCa.describe(identifier), TlsAlpnCertificate.sniName(identifier));
    }

    private void requireType(ChallengeType wanted) {
        if (type != wanted) {
            throw new IllegalStateException("this responder answers " + type + ", not " + wanted);
        }
    }

    @Override
    public void remove(String identifier) {
        // http-01: the token; tls-alpn-01: the SNI name.
        String answered = tokensByIdentifier.remove(identifier);
        if (answered != null) {
            http01.remove(answered);
            tlsAlpn01.remove(answered);
        }
    }

    @Override
    public void close() {
        if (httpServer != null) {
            httpServer.stop(0);
        }
        if (tlsServer != null) {
            try {
                tlsServer.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        workers.shutdownNow();
        http01.clear();
        tlsAlpn01.clear();
    }

    /** Chooses the challenge certificate by the SNI name the validating client sent. */
    private final class SniKeyManager extends X509ExtendedKeyManager {
        private String alias(String keyType, SSLSession handshake) {
            String name = TlsAlpnCertificate.requestedServerName(handshake);
            if (name == null) {
                // No SNI: only unambiguous when one name is waiting.
                if (tlsAlpn01.size() != 1) {
                    return null;
                }
                name = tlsAlpn01.keySet().iterator().next();
            }
            Answer answer = tlsAlpn01.get(name);
            if (answer == null) {
                return null;
            }
            String algorithm = answer.key().getAlgorithm();
            boolean fits = keyType.equals(algorithm) || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA");
            return fits ? name : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return socket instanceof SSLSocket ssl ? alias(keyType, ssl.getHandshakeSession()) : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return engine == null ? null : alias(keyType, engine.getHandshakeSession());
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Answer answer = tlsAlpn01.get(alias);
            return answer == null ? null : new X509Certificate[] {answer.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Answer answer = tlsAlpn01.get(alias);
            return answer == null ? null : answer.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return tlsAlpn01.keySet().toArray(String[]::new);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
