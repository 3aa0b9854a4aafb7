package io.certwiz.server.browser;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Test clients that accept any server certificate (the test reads what the listener presents instead
 * of trusting it): a raw TLS handshake reporting the peer certificate's SHA-1, and a JDK HttpClient.
 */
final class TrustAll {
    private TrustAll() {}

    static SSLContext context() throws Exception {
        // A new context each time: no session cache, so every handshake is a full one.
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
                null,
                new TrustManager[] {
                    new X509ExtendedTrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }

                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
                    }
                },
                null);
        return context;
    }

    /** The SHA-1 thumbprint (uppercase hex) of the certificate the listener on this port presents now. */
    static String presentedThumbprint(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(peer.getEncoded()));
        }
    }

    /** Polls new handshakes until the listener presents {@code thumbprint}; returns how long that took. */
    static Duration awaitPresented(int port, String thumbprint, Duration limit) throws Exception {
        long start = System.nanoTime();
        String last = null;
        while (System.nanoTime() - start < limit.toNanos()) {
            last = presentedThumbprint(port);
            if (last.equals(thumbprint)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "after " + limit + " port " + port + " still presents " + last + ", not " + thumbprint);
    }

    static HttpResponse<String> get(String url, String bearerToken) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(context())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as a browser sends it without a session: redirects not followed. */
    static HttpResponse<String> browserGet(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(context())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html,application/xhtml+xml")
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
