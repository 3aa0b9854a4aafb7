package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.ca.RevocationReason;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.inventory.ImportService;
import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.CertFactory;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the listeners staple an OCSP response for a certificate that names a responder, and {@code
 * openssl s_client -status} sees it: the embedded CA's answer (made in the process), and the answer of
 * {@code openssl ocsp -index} running as an outside CA's responder (fetched over HTTP). A revocation here
 * ends the stapling at once.
 */
class OcspStaplingTest {
    @TempDir
    Path dir;

    private static void await(TestServer server, Usage usage, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": "
                        + ServerTestAccess.listeners(server.server()).staple(usage));
            }
            Thread.sleep(50);
        }
    }

    private static boolean stapled(TestServer server, Usage usage) {
        OcspStapler.State state = ServerTestAccess.listeners(server.server()).staple(usage);
        return state != null && state.staple() != null;
    }

    private static String serialLine(X509Certificate certificate) {
        return "Serial Number: " + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    @Test
    void theEmbeddedCasAnswerIsStapledUntilTheCertificateIsRevoked() throws Exception {
        assertThat(TlsContexts.staples())
                .as("Conscrypt, the default TLS engine, staples")
                .isTrue();
        try (TestServer server = TestServer.startWithPki(dir)) {
            String thumbprint = server.request(List.of(Usage.WebServicesInternal), true, false);
            await(server, Usage.WebServicesInternal, "a staple", () -> stapled(server, Usage.WebServicesInternal));
            OpenSsl.Handshake handshake = OpenSsl.connect(server.port(Usage.WebServicesInternal), "-status");
            assertThat(handshake.established()).as(handshake.all()).isTrue();
            X509Certificate leaf = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new java.io.ByteArrayInputStream(handshake.leafPem().getBytes(StandardCharsets.US_ASCII)));
            assertThat(handshake.thumbprint()).isEqualTo(thumbprint);
            assertThat(handshake.out())
                    .as(handshake.all())
                    .contains("OCSP Response Status: successful")
                    .contains("Cert Status: good")
                    .contains(serialLine(leaf));

            String metrics = Tls.insecureHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(server.uri(Usage.WebServicesInternal, "/metrics"))
                                    .header("Authorization", "Bearer " + server.adminToken())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .containsPattern(
                            "certwiz_ocsp_staple_next_update_timestamp_seconds\\{listener=\"WebServicesInternal\"}"
                                    + " \\d{10}")
                    .contains("certwiz_ocsp_staple_failing{listener=\"WebServicesInternal\"} 0");

            assertThat(io.certwiz.server.support.WizardSession.login(server)
                            .get("/")
                            .body())
                    .as("the wizard's main page")
                    .contains("OCSP stapled");

            OpenSsl.Handshake unasked = OpenSsl.connect(server.port(Usage.WebServicesInternal));
            assertThat(unasked.out())
                    .as("no staple for a client that did not ask")
                    .doesNotContain("OCSP");

            server.certwiz().revocations().revoke(Thumbprint.parse(thumbprint), RevocationReason.keyCompromise);
            server.server().refresh();
            await(
                    server,
                    Usage.WebServicesInternal,
                    "the staple dropped",
                    () -> !stapled(server, Usage.WebServicesInternal));
            OpenSsl.Handshake after = OpenSsl.connect(server.port(Usage.WebServicesInternal), "-status");
            assertThat(after.established()).isTrue();
            assertThat(after.out()).as(after.all()).contains("OCSP response: no response sent");
        }
    }

    @Test
    void anOutsideCasAnswerFromOpensslOcspIsFetchedAndStapled() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CertFactory.Issued root = CertFactory.root("Outside OCSP CA");
        CertFactory.Issued leaf =
                CertFactory.leafWithOcsp(root, List.of(TestServer.FQDN), "http://127.0.0.1:" + port + "/");
        Path rootPem = CertFactory.writePem(dir.resolve("root.pem"), root.certificate());
        Path rootKey = CertFactory.writePem(dir.resolve("root.key"), root.key());
        String expiry = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(leaf.certificate().getNotAfter().toInstant());
        Path index = dir.resolve("index.txt");
        Files.writeString(
                index,
                "V\t" + expiry + "\t\t"
                        + leaf.certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT) + "\tunknown\t/CN="
                        + TestServer.FQDN + "\n");
        Process responder = new ProcessBuilder(
                        "openssl",
                        "ocsp",
                        "-index",
                        index.toString(),
                        "-port",
                        Integer.toString(port),
                        "-CA",
                        rootPem.toString(),
                        "-rsigner",
                        rootPem.toString(),
                        "-rkey",
                        rootKey.toString(),
                        "-nmin",
                        "60",
                        "-ignore_err")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ocsp.log").toFile())
                .start();
        try (TestServer server = TestServer.start(dir.resolve("server"))) {
            server.certwiz()
                    .imports()
                    .importBytes(
                            Files.readAllBytes(rootPem),
                            "root.pem",
                            new ImportService.Options(TrustStore.root, null, false, null, false));
            ImportOutcome imported = server.certwiz()
                    .imports()
                    .importBytes(
                            CertFactory.pem(leaf.certificate(), leaf.key()).getBytes(StandardCharsets.US_ASCII),
                            "leaf.pem",
                            new ImportService.Options(null, null, false, null, false));
            String thumbprint = imported.imported().getFirst().thumbprint();
            server.certwiz().assignments().assign(Thumbprint.parse(thumbprint), List.of(Usage.WebServicesExternal));
            server.server().refresh();
            await(
                    server,
                    Usage.WebServicesExternal,
                    "a staple from openssl ocsp",
                    () -> stapled(server, Usage.WebServicesExternal));

            OpenSsl.Handshake handshake = OpenSsl.connect(server.port(Usage.WebServicesExternal), "-status");
            assertThat(handshake.thumbprint()).isEqualTo(thumbprint);
            assertThat(handshake.out())
                    .as(handshake.all())
                    .contains("OCSP Response Status: successful")
                    .contains("Cert Status: good")
                    .contains(serialLine(leaf.certificate()))
                    .contains("Outside OCSP CA");
        } finally {
            responder.destroy();
            if (!responder.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                responder.destroyForcibly();
            }
        }
    }
}
