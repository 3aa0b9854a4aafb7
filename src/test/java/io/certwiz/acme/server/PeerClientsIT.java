package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.certwiz.x509.CertificateReader;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's certbot and lego obtain certificates from certwiz's ACME server over loopback; openssl accepts
 * them against the embedded root; a revocation by certbot shows up in the CRL the certificates point to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerClientsIT {
    static final String CERTBOT_NAME = "certbot." + AcmeTestServer.DOMAIN;
    static final String LEGO_HTTP_NAME = "lego-http." + AcmeTestServer.DOMAIN;
    static final String LEGO_TLS_NAME = "lego-tls." + AcmeTestServer.DOMAIN;

    Path dir;
    AcmeTestServer acme;

    @BeforeAll
    void start(@TempDir Path tmp) {
        dir = tmp;
        acme = AcmeTestServer.start(dir, CERTBOT_NAME, LEGO_HTTP_NAME, LEGO_TLS_NAME);
    }

    @AfterAll
    void stop() {
        if (acme != null) {
            acme.close();
        }
    }

    private List<String> certbot(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "certbot",
                "--non-interactive",
                "--config-dir",
                dir.resolve("certbot/config").toString(),
                "--work-dir",
                dir.resolve("certbot/work").toString(),
                "--logs-dir",
                dir.resolve("certbot/logs").toString(),
                "--server",
                acme.directory().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private Proc.Run openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return Proc.run(dir, Map.of(), command);
    }

    private X509CRL fetchCrl() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().sslContext(acme.trustingRoot()).build();
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create(acme.base() + "/pki/crl/intermediate.crl"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(response.body()));
    }

    @Test
    void certbotObtainsAndRevokesACertificate() throws Exception {
        assumeTrue(Proc.available("certbot"), "certbot is not installed");
        Map<String, String> env = Map.of("REQUESTS_CA_BUNDLE", acme.rootPem.toString());
        Proc.run(
                        dir,
                        env,
                        certbot(
                                "certonly", "--standalone",
                                "--agree-tos", "--register-unsafely-without-email",
                                "--preferred-challenges", "http",
                                "--http-01-address", "127.0.0.1",
                                "--http-01-port", Integer.toString(acme.httpPort),
                                "-d", CERTBOT_NAME))
                .ok();
        Path live = dir.resolve("certbot/config/live/" + CERTBOT_NAME);
        Path cert = live.resolve("cert.pem");
        assertThat(openssl(
                                "verify",
                                "-CAfile",
                                acme.rootPem.toString(),
                                "-untrusted",
                                live.resolve("chain.pem").toString(),
                                "-purpose",
                                "sslserver",
                                "-verify_hostname",
                                CERTBOT_NAME,
                                cert.toString())
                        .ok()
                        .out())
                .contains(": OK");
        X509Certificate leaf = CertificateReader.read(Files.readAllBytes(cert), null)
                .certificates()
                .getFirst();
        BigInteger serial = leaf.getSerialNumber();
        assertThat(fetchCrl().getRevokedCertificate(serial)).isNull();

        Proc.run(
                        dir,
                        env,
                        certbot(
                                "revoke",
                                "--cert-path",
                                cert.toString(),
                                "--reason",
                                "keycompromise",
                                "--no-delete-after-revoke"))
                .ok();
        X509CRL crl = fetchCrl();
        crl.verify(acme.certwiz.embeddedCa().intermediate().getPublicKey());
        assertThat(crl.getRevokedCertificate(serial))
                .as("the revoked serial in the CRL")
                .isNotNull();
        assertThat(crl.getRevokedCertificate(serial).getRevocationReason()).hasToString("KEY_COMPROMISE");
    }

    private Proc.Run lego(String name, String... challengeArgs) {
        List<String> command = new ArrayList<>(List.of(
                "lego",
                "--server",
                acme.directory().toString(),
                "--accept-tos",
                "--email",
                "ops@" + AcmeTestServer.DOMAIN,
                "--path",
                dir.resolve("lego").toString(),
                "--domains",
                name));
        command.addAll(List.of(challengeArgs));
        command.add("run");
        return Proc.run(dir, Map.of("LEGO_CA_CERTIFICATES", acme.rootPem.toString()), command);
    }

    private void verifyLego(String name) throws Exception {
        Path certificates = dir.resolve("lego/certificates");
        String bundle = Files.readString(certificates.resolve(name + ".crt"), StandardCharsets.US_ASCII);
        String leafPem = bundle.substring(0, bundle.indexOf("-----END CERTIFICATE-----") + 25) + "\n";
        Path leaf = dir.resolve(name + ".leaf.pem");
        Files.writeString(leaf, leafPem);
        assertThat(openssl(
                                "verify",
                                "-CAfile",
                                acme.rootPem.toString(),
                                "-untrusted",
                                certificates.resolve(name + ".issuer.crt").toString(),
                                "-purpose",
                                "sslserver",
                                "-verify_hostname",
                                name,
                                leaf.toString())
                        .ok()
                        .out())
                .contains(": OK");
    }

    @Test
    void legoObtainsACertificateWithHttp01() throws Exception {
        assumeTrue(Proc.available("lego"), "lego is not installed");
        lego(LEGO_HTTP_NAME, "--http", "--http.port", "127.0.0.1:" + acme.httpPort)
                .ok();
        verifyLego(LEGO_HTTP_NAME);
    }

    @Test
    void legoObtainsACertificateWithTlsAlpn01() throws Exception {
        assumeTrue(Proc.available("lego"), "lego is not installed");
        lego(LEGO_TLS_NAME, "--tls", "--tls.port", "127.0.0.1:" + acme.tlsPort).ok();
        verifyLego(LEGO_TLS_NAME);
    }
}
