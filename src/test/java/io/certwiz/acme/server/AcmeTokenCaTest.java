package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.keystore.KeyStoreChoice;
import io.certwiz.testing.TestTokens;
import io.certwiz.x509.CertificateReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * certwiz's ACME server with the embedded CA's keys on a PKCS#11 token (issue 12): an account is made,
 * an order validated over http-01 and finalized, and the issued chain verifies up to the root whose key
 * never left the token.
 */
class AcmeTokenCaTest {
    @TempDir
    Path dir;

    @Test
    void anAcmeAccountAndOrderAreServedByACaWhoseKeysAreOnAToken() throws Exception {
        TestTokens.conf();
        TestTokens.configure(dir.resolve("data"), "ca", TestTokens.CA, null);
        try (AcmeTestServer acme = AcmeTestServer.start(dir, KeyStoreChoice.token("ca"), "one.acme.test");
                TestAcmeClient.Http01Responder responder = new TestAcmeClient.Http01Responder(acme.httpPort)) {
            assertThat(acme.certwiz.embeddedCa().keyLocation()).startsWith("pkcs11:token=" + TestTokens.CA);
            TestAcmeClient client = new TestAcmeClient(acme.directory(), acme.trustingRoot());
            assertThat(client.register().status()).isEqualTo(201);
            TestAcmeClient.Response order = client.newOrder("one.acme.test");
            assertThat(order.status()).isEqualTo(201);
            JsonNode ready = client.authorize(order, responder);
            assertThat(ready.path("status").asText()).isEqualTo("ready");
            KeyPair keys = TestAcmeClient.certificateKey();
            JsonNode valid = client.post(
                            ready.path("finalize").asText(),
                            TestAcmeClient.json(
                                    Map.of("csr", TestAcmeClient.csr(keys, "one.acme.test", "one.acme.test"))))
                    .json();
            assertThat(valid.path("status").asText()).isEqualTo("valid");
            List<X509Certificate> chain = CertificateReader.read(
                            client.postAsGet(valid.path("certificate").asText())
                                    .body()
                                    .getBytes(StandardCharsets.US_ASCII),
                            null)
                    .certificates();
            chain.get(0).verify(chain.get(1).getPublicKey());
            chain.get(1).verify(acme.root().getPublicKey());
            assertThat(chain.get(0).getPublicKey()).isEqualTo(keys.getPublic());
        }
    }
}
