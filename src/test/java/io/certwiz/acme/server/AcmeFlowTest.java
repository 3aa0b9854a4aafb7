package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.certwiz.x509.CertificateReader;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The whole ACME flow with a client built on Nimbus: issuance, key rollover, revocation, deactivation, EAB. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeFlowTest {
    Path dir;
    AcmeTestServer acme;
    TestAcmeClient.Http01Responder responder;

    @BeforeAll
    void start(@TempDir Path tmp) {
        dir = tmp;
        acme = AcmeTestServer.start(dir, "one.acme.test", "two.acme.test", "eab.acme.test");
        responder = new TestAcmeClient.Http01Responder(acme.httpPort);
    }

    @AfterAll
    void stop() {
        if (responder != null) {
            responder.close();
        }
        if (acme != null) {
            acme.close();
        }
    }

    TestAcmeClient client() {
        return new TestAcmeClient(acme.directory(), acme.trustingRoot());
    }

    X509CRL crl() throws Exception {
        byte[] der = client().http
                .send(
                        HttpRequest.newBuilder(URI.create(acme.base() + "/pki/crl/intermediate.crl"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .body();
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    static X509Certificate leafOf(TestAcmeClient.Response download) {
        return CertificateReader.read(download.body().getBytes(StandardCharsets.US_ASCII), null)
                .certificates()
                .getFirst();
    }

    @Test
    void directoryAndNonces() {
        TestAcmeClient client = client();
        assertThat(client.directory.path("newNonce").asText()).isEqualTo(acme.base() + "/acme/new-nonce");
        assertThat(client.directory.path("meta").path("externalAccountRequired").asBoolean())
                .isFalse();
        TestAcmeClient.Response head = client.send(HttpRequest.newBuilder(URI.create(client.url("newNonce")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Replay-Nonce")).matches("[A-Za-z0-9_-]{16,}");
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(client.get(client.url("newNonce")).status()).isEqualTo(204);
    }

    @Test
    void issueRollOverKeyRevokeByCertificateKeyAndDeactivate() throws Exception {
        TestAcmeClient client = client();
        assertThat(client.register().status()).isEqualTo(201);
        // Asking again with the same key returns the same account.
        String newAccount = client.url("newAccount");
        TestAcmeClient.Response again = client.postBody(
                newAccount,
                TestAcmeClient.body(newAccount, "{\"onlyReturnExisting\":true}", client.key, null, client.nonce()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Location")).isEqualTo(client.kid);

        TestAcmeClient.Response order = client.newOrder("one.acme.test", "two.acme.test");
        assertThat(order.status()).isEqualTo(201);
        assertThat(order.json().path("status").asText()).isEqualTo("pending");
        JsonNode ready = client.authorize(order, responder);
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        KeyPair keys = TestAcmeClient.certificateKey();
        JsonNode valid = client.post(
                        ready.path("finalize").asText(),
                        TestAcmeClient.json(Map.of(
                                "csr", TestAcmeClient.csr(keys, "one.acme.test", "one.acme.test", "two.acme.test"))))
                .json();
        assertThat(valid.path("status").asText()).isEqualTo("valid");
        TestAcmeClient.Response download =
                client.postAsGet(valid.path("certificate").asText());
        assertThat(download.contentType()).startsWith("application/pem-certificate-chain");
        List<X509Certificate> chain = CertificateReader.read(download.body().getBytes(StandardCharsets.US_ASCII), null)
                .certificates();
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        leaf.verify(chain.get(1).getPublicKey());
        chain.get(1).verify(acme.root().getPublicKey());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Duration.between(
                                leaf.getNotBefore().toInstant(),
                                leaf.getNotAfter().toInstant())
                        .toDays())
                .isBetween(89L, 91L);
        List<String> sans = leaf.getSubjectAlternativeNames().stream()
                .map(n -> String.valueOf(n.get(1)))
                .toList();
        assertThat(sans).containsExactlyInAnyOrder("one.acme.test", "two.acme.test");

        // Key rollover: the old key stops working, the new one works.
        ECKey newKey = TestAcmeClient.newKey();
        String keyChangeUrl = client.url("keyChange");
        JWSHeader innerHeader = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .jwk(newKey.toPublicJWK())
                .customParam("url", keyChangeUrl)
                .build();
        String inner = TestAcmeClient.jws(
                innerHeader,
                TestAcmeClient.json(Map.of(
                        "account",
                        client.kid,
                        "oldKey",
                        client.key.toPublicJWK().toJSONObject())),
                TestAcmeClient.signer(newKey));
        TestAcmeClient.Response changed = client.post(keyChangeUrl, inner);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        HostileRequestTest.assertProblem(client.postAsGet(client.kid), 400, "malformed");
        client.key = newKey;
        assertThat(client.postAsGet(client.kid).json().path("status").asText()).isEqualTo("valid");

        // Revocation signed by the certificate's own key (jwk), as a key holder without the account would.
        ECKey certificateJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) keys.getPublic())
                .privateKey((ECPrivateKey) keys.getPrivate())
                .build();
        String revokeUrl = client.url("revokeCert");
        String payload = TestAcmeClient.json(Map.of(
                "certificate", Base64.getUrlEncoder().withoutPadding().encodeToString(leaf.getEncoded()), "reason", 1));
        TestAcmeClient.Response revoked = client.postBody(
                revokeUrl, TestAcmeClient.body(revokeUrl, payload, certificateJwk, null, client.nonce()));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        BigInteger serial = leaf.getSerialNumber();
        assertThat(crl().getRevokedCertificate(serial)).isNotNull();
        HostileRequestTest.assertProblem(client.post(revokeUrl, payload), 400, "alreadyRevoked");

        // Deactivation: the account's requests are refused from then on.
        TestAcmeClient.Response deactivated = client.post(client.kid, "{\"status\":\"deactivated\"}");
        assertThat(deactivated.json().path("status").asText()).isEqualTo("deactivated");
        HostileRequestTest.assertProblem(client.postAsGet(order.header("Location")), 403, "unauthorized");
        HostileRequestTest.assertProblem(client.newOrder("one.acme.test"), 403, "unauthorized");
    }

    @Test
    void revocationByAnotherAccountIsUnauthorizedAndByTheOrderingAccountWorks() throws Exception {
        TestAcmeClient owner = client();
        owner.register();
        JsonNode ready = owner.authorize(owner.newOrder("one.acme.test"), responder);
        JsonNode valid = owner.post(
                        ready.path("finalize").asText(),
                        TestAcmeClient.json(Map.of(
                                "csr", TestAcmeClient.csr(TestAcmeClient.certificateKey(), null, "one.acme.test"))))
                .json();
        X509Certificate leaf = leafOf(owner.postAsGet(valid.path("certificate").asText()));
        String payload = TestAcmeClient.json(
                Map.of("certificate", Base64.getUrlEncoder().withoutPadding().encodeToString(leaf.getEncoded())));

        TestAcmeClient stranger = client();
        stranger.register();
        HostileRequestTest.assertProblem(stranger.post(stranger.url("revokeCert"), payload), 403, "unauthorized");
        assertThat(crl().getRevokedCertificate(leaf.getSerialNumber())).isNull();

        assertThat(owner.post(owner.url("revokeCert"), payload).status()).isEqualTo(200);
        assertThat(crl().getRevokedCertificate(leaf.getSerialNumber())).isNotNull();
    }

    @Test
    void externalAccountBinding() {
        EabService eab =
                new EabService(acme.certwiz.acmeServerStorage(), acme.certwiz.data(), Clock.systemUTC(), "test");
        EabService.Created created = eab.add("team-a");
        byte[] hmac = Base64.getUrlDecoder().decode(created.hmacKey());
        eab.require(true);
        try {
            TestAcmeClient client = client();
            assertThat(client.get(acme.directory().toString())
                            .json()
                            .path("meta")
                            .path("externalAccountRequired")
                            .asBoolean())
                    .isTrue();
            HostileRequestTest.assertProblem(client.register(), 400, "externalAccountRequired");

            String url = client.url("newAccount");
            HostileRequestTest.assertProblem(
                    client.post(url, newAccountWithBinding(client, url, "team-a", new byte[32])), 403, "unauthorized");
            HostileRequestTest.assertProblem(
                    client.post(url, newAccountWithBinding(client, url, "nobody", hmac)), 403, "unauthorized");
            assertThat(eab.list().keys().getFirst().boundAccount()).isNull();

            TestAcmeClient.Response bound = client.post(url, newAccountWithBinding(client, url, "team-a", hmac));
            assertThat(bound.status()).as(bound.body()).isEqualTo(201);
            assertThat(eab.list().keys().getFirst().boundAccount()).isNotNull();

            // The key binds one account only.
            TestAcmeClient second = client();
            HostileRequestTest.assertProblem(
                    second.post(url, newAccountWithBinding(second, url, "team-a", hmac)), 403, "unauthorized");
        } finally {
            eab.require(false);
        }
    }

    static String newAccountWithBinding(TestAcmeClient client, String url, String kid, byte[] hmac) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(kid)
                .customParam("url", url)
                .build();
        String binding =
                TestAcmeClient.jws(header, client.key.toPublicJWK().toJSONString(), TestAcmeClient.macSigner(hmac));
        try {
            return TestAcmeClient.json(Map.of(
                    "termsOfServiceAgreed", true, "externalAccountBinding", TestAcmeClient.JSON.readTree(binding)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
