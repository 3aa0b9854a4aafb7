package io.certwiz.acme.server;

import java.io.IOException;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks http-01 (RFC 8555 8.3) and tls-alpn-01 (RFC 8737) challenges. It connects only to the addresses
 * the name resolves to (through the hosts file when one is set), on the configured ports, and follows no
 * redirects. Each validation ends within its deadline (waiting for a free slot included), at most
 * {@link #MAX_CONCURRENT} run at once, and a problem's detail never repeats what the target sent nor the
 * address it was reached at (those go to the debug log).
 */
final class Validator {
    private static final Logger LOG = LoggerFactory.getLogger(Validator.class);
    static final String HTTP_01 = "http-01";
    static final String TLS_ALPN_01 = "tls-alpn-01";
    static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final int MAX_CONCURRENT = 16;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    /** The outcome: valid, or the problem (type and detail) that made it invalid. */
    record Outcome(boolean valid, String problemType, String detail) {
        static Outcome ok() {
            return new Outcome(true, null, null);
        }

        static Outcome fail(String type, String detail) {
            return new Outcome(false, type, detail);
        }
    }

    /** No connection to one address: the next address may still answer. */
    private static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Outcome outcome;

        Unreachable(Outcome outcome) {
            super(outcome.detail(), null, false, false);
            this.outcome = outcome;
        }
    }

    private final ValidationSettings settings;
    private final HostsFile hosts;
    private final Duration deadline;
    private final Semaphore slots;

    Validator(ValidationSettings settings) {
        this(settings, DEADLINE, MAX_CONCURRENT);
    }

    Validator(ValidationSettings settings, Duration deadline, int maxConcurrent) {
        this.settings = settings;
        this.hosts = settings.hostsFile() == null ? null : new HostsFile(settings.hostsFile());
        this.deadline = deadline;
        this.slots = new Semaphore(maxConcurrent, true);
    }

    Outcome validate(String type, String name, String token, String keyAuthorization) {
        if (!type.equals(HTTP_01) && !type.equals(TLS_ALPN_01)) {
            return Outcome.fail("malformed", "unknown challenge type " + type);
        }
        long end = System.nanoTime() + deadline.toNanos();
        try {
            if (!slots.tryAcquire(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
                return Outcome.fail("rateLimited", "the validator is busy; try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.fail("serverInternal", "the validation was interrupted");
        }
        try {
            return validate(type, name, token, keyAuthorization, end);
        } finally {
            slots.release();
        }
    }

    private Outcome validate(String type, String name, String token, String keyAuthorization, long end) {
        List<InetAddress> addresses;
        try {
            addresses = hosts != null ? hosts.lookup(name) : Arrays.asList(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            LOG.debug("ACME validation: cannot resolve {}: {}", name, e.getMessage());
            return Outcome.fail("dns", "cannot resolve " + name);
        }
        Outcome last = Outcome.fail("connection", "no address for " + name);
        for (InetAddress address : addresses) {
            try {
                return type.equals(HTTP_01)
                        ? http01(address, name, token, keyAuthorization, end)
                        : tlsAlpn01(address, name, keyAuthorization, end);
            } catch (Unreachable e) {
                // Only a failure to connect moves on to the next address; an answer is the answer.
                last = e.outcome;
            }
        }
        return last;
    }

    @SuppressWarnings("try") // the alarm only has to be cancelled on leaving
    private Outcome http01(InetAddress address, String name, String token, String keyAuthorization, long end)
            throws Unreachable {
        int port = settings.httpPort();
        String host = name + (port == 80 ? "" : ":" + port);
        String where = "http://" + host + "/.well-known/acme-challenge/" + token;
        try (Socket socket = new Socket();
                Alarm alarm = Alarm.closeAt(end, socket)) {
            connect(socket, address, port, end, where);
            OutputStream out = socket.getOutputStream();
            String request = "GET /.well-known/acme-challenge/" + token + " HTTP/1.1\r\n"
                    + "Host: " + host + "\r\n"
                    + "User-Agent: certwiz-acme-validator\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HttpAnswer response = HttpAnswer.read(socket.getInputStream());
            if (response.status() != 200) {
                return Outcome.fail(
                        response.status() == 403 || response.status() == 401 ? "unauthorized" : "incorrectResponse",
                        "the answer from " + where + " was HTTP " + response.status()
                                + (response.status() / 100 == 3 ? "; redirects are not followed" : ""));
            }
            if (!response.body().strip().equals(keyAuthorization)) {
                LOG.debug("ACME validation: {} at {} answered another key authorization", where, address);
                return Outcome.fail(
                        "incorrectResponse", "the answer from " + where + " is not this challenge's key authorization");
            }
            return Outcome.ok();
        } catch (HttpAnswer.Malformed e) {
            return Outcome.fail(
                    "incorrectResponse", "the answer from " + where + " is not valid HTTP: " + e.getMessage());
        } catch (IOException e) {
            return broken(where, address, end, e);
        }
    }

    @SuppressWarnings("try") // the alarm only has to be cancelled on leaving
    private Outcome tlsAlpn01(InetAddress address, String name, String keyAuthorization, long end) throws Unreachable {
        int port = settings.tlsPort();
        String where = name + ":" + port;
        try (Socket raw = new Socket();
                Alarm alarm = Alarm.closeAt(end, raw)) {
            connect(raw, address, port, end, where);
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
                    return Outcome.fail("tls", "the server did not negotiate the acme-tls/1 protocol (" + where + ")");
                }
                X509Certificate certificate = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                return checkChallengeCertificate(certificate, name, keyAuthorization, " (" + where + ")");
            }
        } catch (SSLException e) {
            if (passed(end)) {
                return timedOut(where);
            }
            LOG.debug("ACME validation: TLS with {} at {} failed: {}", where, address, e.getMessage());
            return Outcome.fail("tls", "the TLS handshake with " + where + " failed");
        } catch (IOException e) {
            return broken(where, address, end, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            LOG.debug("ACME validation: cannot check {} at {}: {}", where, address, e.getMessage());
            return Outcome.fail("tls", "cannot check " + where);
        }
    }

    /** Connects before the deadline, or says why not. */
    private void connect(Socket socket, InetAddress address, int port, long end, String where) throws Unreachable {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
            throw new Unreachable(timedOut(where));
        }
        try {
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(CONNECT_TIMEOUT_MS, left));
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        } catch (IOException e) {
            LOG.debug("ACME validation: cannot connect to {} at {}: {}", where, address, e.toString());
            if (passed(end)) {
                throw new Unreachable(timedOut(where));
            }
            String why = e instanceof ConnectException ? "the connection was refused" : "cannot connect";
            throw new Unreachable(Outcome.fail(
                    "connection", (e instanceof SocketTimeoutException ? "timed out" : why) + " (" + where + ")"));
        }
    }

    /** A connection that broke after it was made: the deadline, or a reason of our own. */
    private Outcome broken(String where, InetAddress address, long end, IOException e) {
        if (passed(end) || e instanceof SocketTimeoutException) {
            return timedOut(where);
        }
        LOG.debug("ACME validation: reading from {} at {} failed: {}", where, address, e.toString());
        return Outcome.fail("connection", "the connection broke before a complete answer (" + where + ")");
    }

    private Outcome timedOut(String where) {
        return Outcome.fail("connection", "no complete answer within " + seconds(deadline) + " (" + where + ")");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static boolean passed(long end) {
        return System.nanoTime() - end >= 0;
    }

    /** Closes a socket when the deadline passes, so that no read or handshake outlives it. */
    private record Alarm(ScheduledFuture<?> pending) implements AutoCloseable {
        private static final ScheduledThreadPoolExecutor TIMER = timer();

        static Alarm closeAt(long end, Socket socket) {
            return new Alarm(TIMER.schedule(
                    () -> {
                        try {
                            socket.close();
                        } catch (IOException e) {
                            // closing is all that is wanted
                        }
                    },
                    end - System.nanoTime(),
                    TimeUnit.NANOSECONDS));
        }

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                    1,
                    Thread.ofPlatform()
                            .daemon()
                            .name("acme-validation-deadline")
                            .factory());
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }

        @Override
        public void close() {
            pending.cancel(false);
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
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports some malformed encodings as unchecked exceptions.
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
