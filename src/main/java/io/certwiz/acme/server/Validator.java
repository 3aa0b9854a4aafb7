package io.certwiz.acme.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Checks http-01 (RFC 8555 8.3) and tls-alpn-01 (RFC 8737) challenges. It connects only to the addresses
 * the name resolves to (through the hosts file when one is set), on the configured ports, and follows no
 * redirects.
 */
final class Validator {
    static final String HTTP_01 = "http-01";
    static final String TLS_ALPN_01 = "tls-alpn-01";
    static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;
    private static final int MAX_RESPONSE_BYTES = 16 * 1024;

    /** The outcome: valid, or the problem (type and detail) that made it invalid. */
    record Outcome(boolean valid, String problemType, String detail) {
        static Outcome ok() {
            return new Outcome(true, null, null);
        }

        static Outcome fail(String type, String detail) {
            return new Outcome(false, type, detail);
        }
    }

    private final ValidationSettings settings;
    private final HostsFile hosts;

    Validator(ValidationSettings settings) {
        this.settings = settings;
        this.hosts = settings.hostsFile() == null ? null : new HostsFile(settings.hostsFile());
    }

    Outcome validate(String type, String name, String token, String keyAuthorization) {
        List<InetAddress> addresses;
        try {
            addresses = hosts != null ? hosts.lookup(name) : Arrays.asList(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            return Outcome.fail("dns", "cannot resolve " + name + ": " + e.getMessage());
        }
        Outcome last = Outcome.fail("connection", "no address for " + name);
        for (InetAddress address : addresses) {
            last = switch (type) {
                case HTTP_01 -> http01(address, name, token, keyAuthorization);
                case TLS_ALPN_01 -> tlsAlpn01(address, name, keyAuthorization);
                default -> Outcome.fail("malformed", "unknown challenge type " + type);
            };
            // Only a failure to connect moves on to the next address; an answer is the answer.
            if (last.valid() || !"connection".equals(last.problemType())) {
                return last;
            }
        }
        return last;
    }

    private Outcome http01(InetAddress address, String name, String token, String keyAuthorization) {
        int port = settings.httpPort();
        String where = "http://" + name + (port == 80 ? "" : ":" + port) + "/.well-known/acme-challenge/" + token;
        String at = " (" + where + " at " + address.getHostAddress() + ")";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            String request = "GET /.well-known/acme-challenge/" + token + " HTTP/1.1\r\n"
                    + "Host: " + name + (port == 80 ? "" : ":" + port) + "\r\n"
                    + "User-Agent: certwiz-acme-validator\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HttpResponse response = HttpResponse.read(socket.getInputStream());
            if (response.status() != 200) {
                return Outcome.fail(
                        response.status() == 403 || response.status() == 401 ? "unauthorized" : "incorrectResponse",
                        "the challenge answer was HTTP " + response.status() + at
                                + (response.status() / 100 == 3 ? "; redirects are not followed" : ""));
            }
            String body = response.body().strip();
            if (!body.equals(keyAuthorization)) {
                String shown = body.length() > 100 ? body.substring(0, 100) + "..." : body;
                return Outcome.fail(
                        "incorrectResponse",
                        "the key authorization " + at.strip() + " is \"" + shown + "\", not the expected one");
            }
            return Outcome.ok();
        } catch (SocketTimeoutException e) {
            return Outcome.fail("connection", "timed out" + at);
        } catch (ConnectException e) {
            return Outcome.fail("connection", "cannot connect" + at + ": " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return Outcome.fail("connection", "cannot read the answer" + at + ": " + e.getMessage());
        }
    }

    private Outcome tlsAlpn01(InetAddress address, String name, String keyAuthorization) {
        int port = settings.tlsPort();
        String at = " (" + name + ":" + port + " at " + address.getHostAddress() + ")";
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            raw.setSoTimeout(READ_TIMEOUT_MS);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAny()}, null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, name, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"acme-tls/1"});
                parameters.setServerNames(List.of(new SNIHostName(name)));
                parameters.setEndpointIdentificationAlgorithm(null);
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                if (!"acme-tls/1".equals(tls.getApplicationProtocol())) {
                    return Outcome.fail("tls", "the server did not negotiate the acme-tls/1 protocol" + at);
                }
                X509Certificate certificate = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                return checkChallengeCertificate(certificate, name, keyAuthorization, at);
            }
        } catch (SocketTimeoutException e) {
            return Outcome.fail("connection", "timed out" + at);
        } catch (ConnectException e) {
            return Outcome.fail("connection", "cannot connect" + at + ": " + e.getMessage());
        } catch (SSLException e) {
            return Outcome.fail("tls", "TLS handshake failed" + at + ": " + e.getMessage());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Outcome.fail("connection", "cannot check" + at + ": " + e.getMessage());
        }
    }

    static Outcome checkChallengeCertificate(
            X509Certificate certificate, String name, String keyAuthorization, String at) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null
                    || sans.size() != 1
                    || !Integer.valueOf(2).equals(sans.iterator().next().get(0))
                    || !name.equalsIgnoreCase(
                            String.valueOf(sans.iterator().next().get(1)))) {
                return Outcome.fail(
                        "incorrectResponse",
                        "the challenge certificate" + at + " must name exactly " + name + " as its only DNS name");
            }
        } catch (CertificateParsingException e) {
            return Outcome.fail("incorrectResponse", "the challenge certificate" + at + " cannot be read");
        }
        if (certificate.getCriticalExtensionOIDs() == null
                || !certificate.getCriticalExtensionOIDs().contains(ACME_IDENTIFIER_OID)) {
            return Outcome.fail(
                    "incorrectResponse",
                    "the challenge certificate" + at + " has no critical acmeIdentifier extension");
        }
        byte[] expected = sha256(keyAuthorization);
        try {
            byte[] wrapped = certificate.getExtensionValue(ACME_IDENTIFIER_OID);
            ASN1Primitive inner = ASN1Primitive.fromByteArray(
                    ASN1OctetString.getInstance(wrapped).getOctets());
            byte[] actual = ASN1OctetString.getInstance(inner).getOctets();
            if (!MessageDigest.isEqual(expected, actual)) {
                return Outcome.fail(
                        "incorrectResponse",
                        "the acmeIdentifier extension" + at + " does not hold the key authorization's digest");
            }
        } catch (IOException | IllegalArgumentException e) {
            return Outcome.fail("incorrectResponse", "the acmeIdentifier extension" + at + " is malformed");
        }
        return Outcome.ok();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP/1.x response read to its end, at most {@link #MAX_RESPONSE_BYTES}. */
    record HttpResponse(int status, String body) {
        static HttpResponse read(InputStream in) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int headerEnd = -1;
            long contentLength = -1;
            boolean chunked = false;
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                buffer.write(chunk, 0, n);
                if (buffer.size() > MAX_RESPONSE_BYTES) {
                    throw new IOException("the answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                byte[] sofar = buffer.toByteArray();
                if (headerEnd < 0) {
                    headerEnd = indexOf(sofar, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    if (headerEnd >= 0) {
                        String head = new String(sofar, 0, headerEnd, StandardCharsets.ISO_8859_1);
                        for (String line : head.split("\r\n")) {
                            String lower = line.toLowerCase(Locale.ROOT);
                            if (lower.startsWith("content-length:")) {
                                contentLength =
                                        Long.parseLong(line.substring(15).strip());
                            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                                chunked = true;
                            }
                        }
                    }
                }
                if (headerEnd >= 0 && !chunked && contentLength >= 0 && sofar.length - headerEnd - 4 >= contentLength) {
                    break;
                }
                if (headerEnd >= 0 && chunked && indexOf(sofar, "\r\n0\r\n".getBytes(StandardCharsets.US_ASCII)) >= 0) {
                    break;
                }
            }
            byte[] all = buffer.toByteArray();
            if (headerEnd < 0) {
                throw new IOException("no complete HTTP response");
            }
            String statusLine = new String(
                    all, 0, indexOf(all, "\r\n".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response");
            }
            int status = Integer.parseInt(parts[1]);
            byte[] body = Arrays.copyOfRange(all, headerEnd + 4, all.length);
            if (chunked) {
                body = dechunk(body);
            } else if (contentLength >= 0 && body.length > contentLength) {
                body = Arrays.copyOf(body, (int) contentLength);
            }
            return new HttpResponse(status, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] dechunk(byte[] body) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int lineEnd =
                        indexOf(Arrays.copyOfRange(body, at, body.length), "\r\n".getBytes(StandardCharsets.US_ASCII));
                if (lineEnd < 0) {
                    throw new IOException("a broken chunked body");
                }
                String sizeText = new String(body, at, lineEnd, StandardCharsets.US_ASCII);
                int semicolon = sizeText.indexOf(';');
                int size = Integer.parseInt((semicolon >= 0 ? sizeText.substring(0, semicolon) : sizeText).strip(), 16);
                at += lineEnd + 2;
                if (size == 0) {
                    break;
                }
                if (at + size > body.length) {
                    throw new IOException("a broken chunked body");
                }
                out.write(body, at, size);
                at += size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] data, byte[] pattern) {
            outer:
            for (int i = 0; i + pattern.length <= data.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** tls-alpn-01 certificates are self-signed by design: the digest inside is what is checked. */
    private static final class AcceptAny extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
