package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.Certwiz;
import io.certwiz.acme.client.AcmeIssuedRecord;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.jdbc.SqlAcmeServerRecords;
import io.certwiz.testing.Cli;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.AcmeUtils;

/**
 * ACME Renewal Information (RFC 9773) from certwiz's ACME server: the directory's renewalInfo, the window and
 * Retry-After for an issued certificate, 404 and 400 problems for unknown and malformed ids, a past window
 * after revocation; and certwiz's own ACME client (acme4j) recording the window the server suggests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenewalInfoTest {
    static final String SERVER_NAME = "ari." + AcmeTestServer.DOMAIN;
    static final String CLIENT_NAME = "ari-client." + AcmeTestServer.DOMAIN;
    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    Path dir;
    AcmeTestServer acme;

    @BeforeAll
    void start(@TempDir Path tmp) {
        dir = tmp;
        acme = AcmeTestServer.start(dir, SERVER_NAME, CLIENT_NAME);
    }

    @AfterAll
    void stop() {
        if (acme != null) {
            acme.close();
        }
    }

    /** The RFC 9773 id, computed here from the certificate's extensions rather than by the server's code. */
    static String certId(X509Certificate certificate) throws Exception {
        byte[] aki = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                        certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId())))
                .getKeyIdentifierOctets();
        return B64URL.encodeToString(aki) + "."
                + B64URL.encodeToString(certificate.getSerialNumber().toByteArray());
    }

    static Instant instant(JsonNode node) {
        assertThat(node.isTextual()).as("RFC 3339 time: %s", node).isTrue();
        return OffsetDateTime.parse(node.asText()).toInstant();
    }

    /** What the window should be: from two thirds to three quarters of the lifetime, whole seconds. */
    static Instant atFraction(X509Certificate certificate, int numerator, int denominator) {
        long notBefore = certificate.getNotBefore().toInstant().getEpochSecond();
        long lifetime = certificate.getNotAfter().toInstant().getEpochSecond() - notBefore;
        return Instant.ofEpochSecond(notBefore + lifetime * numerator / denominator);
    }

    TestAcmeClient.Response renewalInfo(TestAcmeClient client, String id) {
        return client.get(client.url("renewalInfo") + "/" + id);
    }

    @Test
    void anIssuedCertificateHasAWindowFromTwoThirdsOfItsLifetimeAndARevokedOneAWindowInThePast() throws Exception {
        TestAcmeClient client = new TestAcmeClient(acme.directory(), acme.trustingRoot());
        assertThat(client.url("renewalInfo")).isEqualTo(acme.base() + "/acme/renewal-info");
        X509Certificate leaf;
        try (TestAcmeClient.Http01Responder responder = new TestAcmeClient.Http01Responder(acme.httpPort)) {
            client.register();
            JsonNode ready = client.authorize(client.newOrder(SERVER_NAME), responder);
            JsonNode valid = client.post(
                            ready.path("finalize").asText(),
                            TestAcmeClient.json(Map.of(
                                    "csr", TestAcmeClient.csr(TestAcmeClient.certificateKey(), null, SERVER_NAME))))
                    .json();
            leaf = AcmeFlowTest.leafOf(
                    client.postAsGet(valid.path("certificate").asText()));
        }
        String id = certId(leaf);
        assertThat(id).isEqualTo(AcmeUtils.getRenewalUniqueIdentifier(leaf));

        // A plain GET, no JWS: the window and when to ask again.
        Instant now = Instant.now();
        TestAcmeClient.Response info = renewalInfo(client, id);
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        assertThat(info.contentType()).startsWith("application/json");
        assertThat(info.header("Retry-After"))
                .isEqualTo(Long.toString(Duration.ofHours(6).toSeconds()));
        JsonNode window = info.json().path("suggestedWindow");
        Instant start = instant(window.path("start"));
        Instant end = instant(window.path("end"));
        assertThat(start).isEqualTo(atFraction(leaf, 2, 3)).isAfter(now);
        assertThat(end).isEqualTo(atFraction(leaf, 3, 4)).isAfter(start);
        assertThat(end).isBefore(leaf.getNotAfter().toInstant());

        // Unknown: a serial never issued; the right serial under another authority key id.
        byte[] otherSerial = leaf.getSerialNumber().add(BigInteger.ONE).toByteArray();
        String aki = id.substring(0, id.indexOf('.'));
        String serial = id.substring(id.indexOf('.') + 1);
        HostileRequestTest.assertProblem(
                renewalInfo(client, aki + "." + B64URL.encodeToString(otherSerial)), 404, "malformed");
        HostileRequestTest.assertProblem(
                renewalInfo(client, B64URL.encodeToString(new byte[20]) + "." + serial), 404, "malformed");
        // Malformed: no dot, two dots, padding, an empty part, a serial that is not minimal DER, a negative one.
        for (String malformed : new String[] {
            aki + serial,
            aki + "." + serial + "." + serial,
            aki + "." + serial + "=",
            "." + serial,
            aki + ".",
            aki + "." + B64URL.encodeToString(new byte[] {0, 1}),
            aki + "." + B64URL.encodeToString(new byte[] {(byte) 0x80, 1}),
        }) {
            HostileRequestTest.assertProblem(renewalInfo(client, malformed), 400, "malformed");
        }

        // Revoked: the window moves into the past, so that clients renew at once.
        String payload =
                TestAcmeClient.json(Map.of("certificate", B64URL.encodeToString(leaf.getEncoded()), "reason", 4));
        assertThat(client.post(client.url("revokeCert"), payload).status()).isEqualTo(200);
        Instant afterRevocation = Instant.now();
        TestAcmeClient.Response revoked = renewalInfo(client, id);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.header("Retry-After")).isNotBlank();
        JsonNode past = revoked.json().path("suggestedWindow");
        assertThat(instant(past.path("end"))).isBeforeOrEqualTo(afterRevocation).isAfter(now.minusSeconds(60));
        assertThat(instant(past.path("start"))).isBefore(instant(past.path("end")));
    }

    @Test
    void certwizsAcmeClientRecordsTheWindowTheServerSuggests() throws Exception {
        Cli client = new Cli(dir.resolve("client-data"));
        client.run("init", "--fqdn", CLIENT_NAME).ok();
        client.run(
                        "ca",
                        "add",
                        "certwiz",
                        "--acme",
                        acme.directory().toString(),
                        "--ca-bundle",
                        acme.rootPem.toString(),
                        "--json")
                .ok();
        // The server validates http-01 on its test port; the client's own responder answers there.
        Cli.Result requested = client.run(
                        "request",
                        "--ca",
                        "certwiz",
                        "--usage",
                        "WebServicesExternal",
                        "--key",
                        "ec-p256",
                        "--challenge",
                        "http-01",
                        "--responder",
                        "127.0.0.1:" + acme.httpPort,
                        "--no-assign",
                        "--json")
                .ok();
        assertThat(requested.err()).contains("suggested renewal window (ARI)");
        String thumbprint =
                requested.json().path("certificate").path("thumbprint").asText();
        X509Certificate leaf = CertificateReader.read(
                        acme.certwiz
                                .store()
                                .read(tx -> new SqlAcmeServerRecords()
                                        .certificateBySerial(
                                                tx,
                                                new BigInteger(
                                                        requested
                                                                .json()
                                                                .path("certificate")
                                                                .path("serialNumber")
                                                                .asText(),
                                                        16)))
                                .orElseThrow()
                                .chainPem()
                                .getBytes(StandardCharsets.US_ASCII),
                        null)
                .certificates()
                .getFirst();
        assertThat(Thumbprint.of(leaf).hex()).isEqualTo(thumbprint);

        // What the server suggests, asked directly.
        TestAcmeClient reader = new TestAcmeClient(acme.directory(), acme.trustingRoot());
        JsonNode suggested = renewalInfo(reader, certId(leaf)).json().path("suggestedWindow");
        Instant start = instant(suggested.path("start"));
        Instant end = instant(suggested.path("end"));
        assertThat(start).isEqualTo(atFraction(leaf, 2, 3));

        AcmeIssuedRecord recorded;
        try (Certwiz certwiz = Certwiz.open(new DataDirectory(client.data()))) {
            recorded = certwiz.acme().issued(Thumbprint.parse(thumbprint)).orElseThrow();
        }
        assertThat(recorded.caName()).isEqualTo("certwiz");
        assertThat(recorded.ariId()).isEqualTo(certId(leaf));
        assertThat(recorded.hasWindow()).isTrue();
        assertThat(recorded.windowStart()).isEqualTo(start);
        assertThat(recorded.windowEnd()).isEqualTo(end);
        assertThat(recorded.windowCheckedAt()).isNotNull();
        assertThat(recorded.windowExplanation()).isNull();

        String show = client.run("show", thumbprint).ok().out();
        assertThat(show)
                .contains("ARI certificate id:")
                .contains(certId(leaf))
                .containsPattern("Suggested renewal:\\s+" + start + " to " + end + " \\(as of ");
        // show --json (and the API's certificate) carry the same.
        com.fasterxml.jackson.databind.JsonNode acme =
                client.run("show", thumbprint, "--json").ok().json().path("acme");
        assertThat(acme.path("ca").asText()).isEqualTo("certwiz");
        assertThat(acme.path("ariId").asText()).isEqualTo(certId(leaf));
        assertThat(instant(acme.path("renewalWindow").path("start"))).isEqualTo(start);
        assertThat(instant(acme.path("renewalWindow").path("end"))).isEqualTo(end);
        assertThat(acme.path("renewalWindow").path("checkedAt").isTextual()).isTrue();
    }
}
