package io.certwiz.acme.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.keystore.Pkcs11Uri;
import io.certwiz.testing.Cli;
import io.certwiz.testing.TestTokens;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ACME order whose key lives on a PKCS#11 token (issue 12): the CSR is signed on a SoftHSM2 token,
 * pebble issues for it, and the stored certificate points at the token object, which stays sensitive and
 * never extractable.
 */
class PebbleTokenKeyIT {
    @TempDir
    Path temp;

    @Test
    void anAcmeOrderAndItsRenewalWithTheKeyOnAToken() {
        assumeTrue(Pebble.available(), "pebble is not installed (./run-tests installs it)");
        TestTokens.conf();
        try (Pebble pebble = Pebble.start(temp.resolve("pebble"))) {
            Cli cli = Cli.in(temp);
            cli.init();
            TestTokens.configure(cli.data(), "hsm", TestTokens.LEAF, null);
            pebble.addTo(cli, "pebble").ok();

            // Pebble's root is not trusted here: the certificate is kept unassigned (exit 3).
            JsonNode certificate = cli.run(
                            "request",
                            "--ca",
                            "pebble",
                            "--usage",
                            "WebServicesInternal",
                            "--key",
                            "ec-p256",
                            "--key-store",
                            "pkcs11:hsm",
                            "--challenge",
                            "http-01",
                            "--responder",
                            "127.0.0.1:" + pebble.httpPort(),
                            "--json")
                    .exit(3)
                    .json()
                    .path("certificate");

            assertThat(certificate.path("issuer").asText()).contains("Pebble Intermediate CA");
            String uri = certificate.path("keyStore").asText();
            assertThat(uri).startsWith("pkcs11:token=" + TestTokens.LEAF + ";id=%");
            assertThat(TestTokens.privateKeyObject(
                            TestTokens.LEAF, Pkcs11Uri.parse(uri).id()))
                    .as(TestTokens.listObjects(TestTokens.LEAF))
                    .contains("Private Key Object; EC")
                    .contains("never extractable");
            JsonNode shown = cli.run("show", certificate.path("thumbprint").asText(), "--json")
                    .ok()
                    .json();
            assertThat(shown.path("acme").path("ca").asText()).isEqualTo("pebble");
            assertThat(shown.path("exportable").asBoolean()).isFalse();
        }
    }
}
