package io.certwiz.acme.client;

import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
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
 * Debian's {@code pebble} on loopback for the client tests: its bundled configuration with ports of
 * our own, HTTPS with a test root made here (the CA bundle certwiz is given; the Debian package ships
 * no test certificate), validation sleeps off, and names resolved by {@link MiniDns} to 127.0.0.1,
 * where certwiz's responder answers on the http-01 and tls-alpn-01 ports pebble validates on.
 */
public final class Pebble implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/pebble");

    private final Path dir;
    private final MiniDns dns;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final int httpPort;
    private final int tlsPort;
    private final Path bundle;
    private final HttpClient https;

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** {@code validity}: of the certificates pebble issues, in seconds (0: pebble's default of five years). */
    private Pebble(Path dir, Map<String, String> eabKeys, Map<String, String> environment, long validity)
            throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        CertFactory.Issued root = CertFactory.root("pebble HTTPS test root");
        KeyPair keys = CertFactory.ecKey();
        X509Certificate server = serverCertificate(root, keys);
        bundle = CertFactory.writePem(dir.resolve("pebble-https-root.pem"), root.certificate());
        Path certificate = CertFactory.writePem(dir.resolve("cert.pem"), server);
        Path key = CertFactory.writePem(dir.resolve("key.pem"), keys.getPrivate());
        int[] ports = freePorts(4);
        port = ports[0];
        managementPort = ports[1];
        httpPort = ports[2];
        tlsPort = ports[3];
        Path config = dir.resolve("pebble-config.json");
        Files.writeString(config, """
                {
                  "pebble": {
                    "listenAddress": "127.0.0.1:%d",
                    "managementListenAddress": "127.0.0.1:%d",
                    "certificate": "%s",
                    "privateKey": "%s",
                    "httpPort": %d,
                    "tlsPort": %d,
                    "ocspResponderURL": "",
                    "externalAccountBindingRequired": %s,
                    "externalAccountMACKeys": {%s}%s
                  }
                }
                """.formatted(
                        port,
                        managementPort,
                        certificate,
                        key,
                        httpPort,
                        tlsPort,
                        !eabKeys.isEmpty(),
                        String.join(
                                ", ",
                                eabKeys.entrySet().stream()
                                        .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                                        .toList()),
                        validity == 0 ? "" : ",\n    \"certificateValidityPeriod\": " + validity));
        dns = new MiniDns();
        ProcessBuilder builder = new ProcessBuilder(
                        BINARY.toString(), "-config", config.toString(), "-dnsserver", "127.0.0.1:" + dns.port())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pebble.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PEBBLE_VA_NOSLEEP", "1");
        env.put("PEBBLE_VA_ALWAYS_VALID", "0");
        env.put("PEBBLE_AUTHZREUSE", "0"); // every order validates afresh
        env.put("PEBBLE_ALTERNATE_ROOTS", "1"); // a second chain to choose
        env.putAll(environment);
        process = builder.start();
        https = HttpClient.newBuilder()
                .sslContext(AcmeSessions.sslContext(Files.readString(bundle)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        awaitUp();
    }

    static Pebble start(Path dir) {
        return start(dir, Map.of());
    }

    /** A pebble whose certificates are valid for {@code seconds} (its certificateValidityPeriod). */
    static Pebble startWithValidity(Path dir, long seconds) {
        try {
            return new Pebble(dir, Map.of(), Map.of(), seconds);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start pebble: " + e.getMessage(), e);
        }
    }

    /** A pebble that requires external account binding with these key ids and base64url MAC keys. */
    static Pebble start(Path dir, Map<String, String> eabKeys) {
        return start(dir, eabKeys, Map.of());
    }

    /** A pebble with these environment variables set besides the tests' own (e.g. PEBBLE_VA_ALWAYS_VALID). */
    public static Pebble start(Path dir, Map<String, String> eabKeys, Map<String, String> environment) {
        try {
            return new Pebble(dir, eabKeys, environment, 0);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start pebble: " + e.getMessage(), e);
        }
    }

    private void awaitUp() throws Exception {
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
        throw new IllegalStateException("pebble did not come up: " + log());
    }

    /** {@code certwiz ca add NAME} for this pebble (its directory, its HTTPS root, a contact). */
    Cli.Result addTo(Cli cli, String name) {
        return cli.run(
                "ca",
                "add",
                name,
                "--acme",
                directoryUrl(),
                "--ca-bundle",
                bundle().toString(),
                "--contact",
                "mailto:admin@example.com",
                "--json");
    }

    public String directoryUrl() {
        return "https://127.0.0.1:" + port + "/dir";
    }

    /** The port of pebble's ACME listener. */
    public int port() {
        return port;
    }

    /** The root of pebble's own HTTPS certificate: what {@code --ca-bundle} is given. */
    public Path bundle() {
        return bundle;
    }

    int httpPort() {
        return httpPort;
    }

    int tlsPort() {
        return tlsPort;
    }

    /** GET from the management interface, e.g. {@code /roots/0}. */
    String management(String path) {
        try {
            HttpResponse<String> response = https.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("pebble " + path + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("pebble.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        dns.close();
        https.close();
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

    /** Ports free right now on loopback (held together so that they differ). */
    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
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
