package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import io.certwiz.store.jdbc.SqlAcmeServerRecords;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each malformed or hostile request gets an RFC 8555 problem document (application/problem+json,
 * urn:ietf:params:acme:error:*, a fresh Replay-Nonce) and changes nothing in the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestTest {
    Path dir;
    AcmeTestServer acme;
    TestAcmeClient.Http01Responder responder;

    @BeforeAll
    void start(@TempDir Path tmp) {
        dir = tmp;
        acme = AcmeTestServer.start(dir, "csr.acme.test", "good.acme.test");
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

    TestAcmeClient registered() {
        TestAcmeClient client = client();
        assertThat(client.register().status()).isEqualTo(201);
        return client;
    }

    static void assertProblem(TestAcmeClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo("urn:ietf:params:acme:error:" + type);
        assertThat(response.json().path("detail").asText()).isNotBlank();
        assertThat(response.header("Replay-Nonce"))
                .as("a fresh nonce on errors too")
                .isNotBlank();
    }

    int orders(TestAcmeClient client) {
        String id = client.kid.substring(client.kid.lastIndexOf('/') + 1);
        List<String> ids = acme.certwiz.store().read(tx -> new SqlAcmeServerRecords().orderIds(tx, id, 1000));
        return ids.size();
    }

    long issued() {
        Long count = acme.certwiz.store().read(tx -> new SqlIssuanceLedger().count(tx));
        return count;
    }

    String identifiers(String name) {
        return TestAcmeClient.json(Map.of("identifiers", List.of(Map.of("type", "dns", "value", name))));
    }

    @Test
    void badJwsSignatureIsMalformedAndMakesNoAccount() {
        TestAcmeClient client = client();
        ECKey other = TestAcmeClient.newKey();
        String url = client.url("newAccount");
        // The header carries the client's key, the signature is another key's.
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .jwk(client.key.toPublicJWK())
                .customParam("nonce", client.nonce())
                .customParam("url", url)
                .build();
        String body = TestAcmeClient.jws(header, "{\"termsOfServiceAgreed\":true}", TestAcmeClient.signer(other));

        assertProblem(client.postBody(url, body), 400, "malformed");
        for (ECKey key : List.of(client.key, other)) {
            Optional<AcmeAccount> account = acme.certwiz
                    .store()
                    .read(tx -> new SqlAcmeServerRecords().accountByKey(tx, TestAcmeClient.thumbprint(key)));
            assertThat(account).isEmpty();
        }
    }

    @Test
    void reusedNonceIsBadNonceAndMakesNoSecondOrder() {
        TestAcmeClient client = registered();
        String url = client.url("newOrder");
        String body = client.body(url, identifiers("good.acme.test"));
        assertThat(client.postBody(url, body).status()).isEqualTo(201);

        assertProblem(client.postBody(url, body), 400, "badNonce");
        assertThat(orders(client)).isEqualTo(1);
    }

    @Test
    void unknownOrMissingNonceIsBadNonce() {
        TestAcmeClient client = registered();
        String url = client.url("newOrder");
        String madeUp =
                TestAcmeClient.body(url, identifiers("good.acme.test"), client.key, client.kid, "bm90LWEtbm9uY2U");
        assertProblem(client.postBody(url, madeUp), 400, "badNonce");
        String none = TestAcmeClient.body(url, identifiers("good.acme.test"), client.key, client.kid, null);
        assertProblem(client.postBody(url, none), 400, "badNonce");
        assertThat(orders(client)).isZero();
    }

    @Test
    void wrongUrlInTheProtectedHeaderIsUnauthorized() {
        TestAcmeClient client = registered();
        // Signed for newAccount, sent to newOrder.
        String body = client.body(client.url("newAccount"), identifiers("good.acme.test"));

        assertProblem(client.postBody(client.url("newOrder"), body), 403, "unauthorized");
        assertThat(orders(client)).isZero();
    }

    @Test
    void wrongAccountKeyOrUnknownKidIsRefused() {
        TestAcmeClient alice = registered();
        TestAcmeClient mallory = registered();
        String url = alice.url("newOrder");
        // Alice's kid, Mallory's key.
        String forged = TestAcmeClient.body(url, identifiers("good.acme.test"), mallory.key, alice.kid, alice.nonce());
        assertProblem(alice.postBody(url, forged), 400, "malformed");

        String unknown = TestAcmeClient.body(
                url, identifiers("good.acme.test"), mallory.key, acme.base() + "/acme/acct/nobody", mallory.nonce());
        assertProblem(mallory.postBody(url, unknown), 400, "accountDoesNotExist");
        assertThat(orders(alice)).isZero();
        assertThat(orders(mallory)).isZero();

        // Mallory cannot read Alice's order either.
        TestAcmeClient.Response order = alice.newOrder("good.acme.test");
        assertProblem(mallory.postAsGet(order.header("Location")), 403, "unauthorized");
    }

    @Test
    void csrThatDoesNotMatchTheOrderIsBadCsr() {
        TestAcmeClient client = registered();
        TestAcmeClient.Response order = client.newOrder("csr.acme.test");
        JsonNode ready = client.authorize(order, responder);
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        String finalizeUrl = ready.path("finalize").asText();
        long before = issued();
        var keys = TestAcmeClient.certificateKey();

        for (String csr : List.of(
                TestAcmeClient.csr(keys, null, "good.acme.test"),
                TestAcmeClient.csr(keys, null, "csr.acme.test", "good.acme.test"),
                TestAcmeClient.csr(keys, "good.acme.test", "csr.acme.test"))) {
            assertProblem(client.post(finalizeUrl, TestAcmeClient.json(Map.of("csr", csr))), 400, "badCSR");
        }
        assertThat(issued()).isEqualTo(before);
        assertThat(client.postAsGet(order.header("Location"))
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("ready");

        // The matching CSR is issued.
        JsonNode done = client.post(
                        finalizeUrl,
                        TestAcmeClient.json(Map.of("csr", TestAcmeClient.csr(keys, "csr.acme.test", "csr.acme.test"))))
                .json();
        assertThat(done.path("status").asText()).isEqualTo("valid");
        assertThat(issued()).isEqualTo(before + 1);
    }

    @Test
    void nameOutsideThePolicyIsRejectedIdentifier() {
        new PolicyService(acme.certwiz.acmeServerStorage(), Clock.systemUTC(), "test").deny("denied.acme.test");
        TestAcmeClient client = registered();
        for (String name : List.of("www.example.org", "denied.acme.test")) {
            TestAcmeClient.Response response = client.newOrder(name, "good.acme.test");
            assertProblem(response, 400, "rejectedIdentifier");
            JsonNode sub = response.json().path("subproblems");
            assertThat(sub.size()).isEqualTo(1);
            assertThat(sub.get(0).path("identifier").path("value").asText()).isEqualTo(name);
        }
        assertProblem(client.newOrder("*.acme.test"), 400, "rejectedIdentifier");
        assertThat(orders(client)).isZero();
    }

    @Test
    void identifiersWithWhitespaceOrControlCharactersAreRefusedNotStored() {
        TestAcmeClient client = registered();
        for (String name : List.of(" good.acme.test", "good.acme.test\t", "good.acme.test\n", "good\u0000.acme.test")) {
            TestAcmeClient.Response response = client.newOrder(name);
            assertProblem(response, 400, "rejectedIdentifier");
            JsonNode sub = response.json().path("subproblems");
            assertThat(sub.size()).isEqualTo(1);
            assertThat(sub.get(0).path("identifier").path("value").asText()).isEqualTo(name);
            assertThat(sub.get(0).path("detail").asText()).contains("not a valid DNS name");
        }
        assertThat(orders(client)).isZero();
        assertThat(client.newOrder("good.acme.test").status()).isEqualTo(201);
    }

    @Test
    void theDirectoryCarriesTheConfiguredNameWhateverTheHostHeaderSays() throws Exception {
        String expected = acme.base() + AcmeServer.NEW_NONCE;
        for (String host : List.of("evil.example", "evil.example:8443", "127.0.0.1:" + acme.port())) {
            String response = rawGet(AcmeServer.DIRECTORY, host);
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response)
                    .as("Host: " + host)
                    .contains("\"newNonce\":\"" + expected + "\"")
                    .contains("<" + acme.base() + AcmeServer.DIRECTORY + ">;rel=\"index\"")
                    .doesNotContain("evil.example")
                    .doesNotContain("https://127.0.0.1");
        }
    }

    /** A GET over TLS with the Host header as given (HttpClient will not send a made-up one). */
    private String rawGet(String path, String host) throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket)
                acme.trustingRoot().getSocketFactory().createSocket("127.0.0.1", acme.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void oversizedBodyIsRefused() {
        TestAcmeClient client = registered();
        String url = client.url("newOrder");
        String padding = "x".repeat(SignedRequests.MAX_BODY_BYTES);
        String body = client.body(
                url,
                TestAcmeClient.json(Map.of(
                        "identifiers", List.of(Map.of("type", "dns", "value", "good.acme.test")), "padding", padding)));

        assertProblem(client.postBody(url, body), 413, "malformed");
        assertThat(orders(client)).isZero();
    }

    @Test
    void macOrNoneAsTheAccountSignatureIsBadSignatureAlgorithm() {
        TestAcmeClient client = registered();
        String url = client.url("newOrder");
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(client.kid)
                .customParam("nonce", client.nonce())
                .customParam("url", url)
                .build();
        String body = TestAcmeClient.jws(header, identifiers("good.acme.test"), TestAcmeClient.macSigner(new byte[32]));
        TestAcmeClient.Response response = client.postBody(url, body);
        assertProblem(response, 400, "badSignatureAlgorithm");
        assertThat(response.json().path("algorithms").toString())
                .contains("ES256")
                .doesNotContain("HS256");

        // alg "none" ({"alg":"none"} as the protected header) and plain garbage.
        assertProblem(
                client.postBody(url, "{\"protected\":\"eyJhbGciOiJub25lIn0\",\"payload\":\"\",\"signature\":\"\"}"),
                400,
                "badSignatureAlgorithm");
        assertProblem(client.postBody(url, "not json"), 400, "malformed");
        assertThat(orders(client)).isZero();
    }
}
