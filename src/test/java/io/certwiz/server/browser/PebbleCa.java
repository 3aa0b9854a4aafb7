package io.certwiz.server.browser;

import io.certwiz.acme.client.AcmeSessions;
import io.certwiz.testing.CertFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Debian's {@code pebble} on loopback as the ACME CA of the wizard's browser tests, with validation
 * off ({@code PEBBLE_VA_ALWAYS_VALID}: every challenge passes unasked) and reached through a relay the
 * test can hold: while held, new connections to the CA wait, so the request stays on the progress page
 * until the test lets it go on.
 */
final class PebbleCa implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/pebble");

    private final Path dir;
    private final Process process;
    private final int port;
    private final Path bundle;
    private final ServerSocket relay;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    private PebbleCa(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        CertFactory.Issued root = CertFactory.root("pebble HTTPS test root");
        KeyPair keys = CertFactory.ecKey();
        bundle = CertFactory.writePem(dir.resolve("pebble-https-root.pem"), root.certificate());
        Path certificate = CertFactory.writePem(dir.resolve("cert.pem"), serverCertificate(root, keys));
        Path key = CertFactory.writePem(dir.resolve("key.pem"), keys.getPrivate());
        int[] ports = freePorts(4);
        port = ports[0];
        Path config = Files.writeString(
                dir.resolve("pebble-config.json"), """
                {
                  "pebble": {
                    "listenAddress": "127.0.0.1:%d",
                    "managementListenAddress": "127.0.0.1:%d",
                    "certificate": "%s",
                    "privateKey": "%s",
                    "httpPort": %d,
                    "tlsPort": %d,
                    "ocspResponderURL": "",
                    "externalAccountBindingRequired": false
                  }
                }
                """.formatted(port, ports[1], certificate, key, ports[2], ports[3]));
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pebble.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PEBBLE_VA_ALWAYS_VALID", "1");
        env.put("PEBBLE_VA_NOSLEEP", "1");
        env.put("PEBBLE_WFE_NONCEREJECT", "0");
        process = builder.start();
        relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("pebble-relay").start(this::relay);
        awaitUp();
    }

    static PebbleCa start(Path dir) {
        try {
            return new PebbleCa(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start pebble: " + e.getMessage(), e);
        }
    }

    /** The directory as certwiz reaches it: through the relay. */
    String directoryUrl() {
        return "https://127.0.0.1:" + relay.getLocalPort() + "/dir";
    }

    /** The root of pebble's own HTTPS certificate, for {@code ca add --ca-bundle}. */
    Path bundle() {
        return bundle;
    }

    /** New connections to the CA wait from now until {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("pebble.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void relay() {
        while (!relay.isClosed()) {
            try {
                Socket client = relay.accept();
                CountDownLatch waitFor = gate;
                Thread.ofVirtual().start(() -> forward(client, waitFor));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket client, CountDownLatch waitFor) {
        try (client) {
            if (!waitFor.await(60, TimeUnit.SECONDS)) {
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
                pump(client, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException e) {
            // The connection ends with the test.
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException e) {
            // One side closed.
        }
    }

    private void awaitUp() throws Exception {
        HttpClient https = HttpClient.newBuilder()
                .sslContext(AcmeSessions.sslContext(Files.readString(bundle)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try (https) {
            Instant until = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(until)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("pebble exited: " + log());
                }
                try {
                    HttpResponse<String> response = https.send(
                            HttpRequest.newBuilder(URI.create(directoryUrl())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("pebble did not come up: " + log());
    }

    @Override
    public void close() {
        release();
        try {
            relay.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static X509Certificate serverCertificate(CertFactory.Issued root, KeyPair keys) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(
                        root.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                new X500Name("CN=localhost"),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
        }));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.key())));
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
