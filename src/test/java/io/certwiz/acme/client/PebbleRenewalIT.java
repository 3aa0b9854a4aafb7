package io.certwiz.acme.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.Certwiz;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal from a real ACME CA: pebble issuing certificates of two minutes, certwiz's server answering
 * http-01 on pebble's validation port. {@code renew THUMBPRINT} renews from the CA the certificate came
 * from, with a new key and its names; the server's scheduler then renews the successor by itself when two
 * thirds of its lifetime have passed; the lineage links all three.
 */
class PebbleRenewalIT {
    private static final long VALIDITY_SECONDS = 120;

    @TempDir
    Path temp;

    @SuppressWarnings("try") // the server runs for the test's length; nothing in the body names it
    @Test
    void aCertificateFromPebbleRenewsFromPebbleOnRequestAndThenBySchedule() throws Exception {
        assumeTrue(Pebble.available(), "pebble is not installed (./run-tests installs it)");
        try (Pebble pebble = Pebble.startWithValidity(temp.resolve("pebble"), VALIDITY_SECONDS)) {
            Cli cli = Cli.in(temp);
            cli.init();
            pebble.addTo(cli, "pebble").ok();
            try (Certwiz certwiz = Certwiz.open(new DataDirectory(cli.data()));
                    CertwizServer server = CertwizServer.start(
                            certwiz,
                            new ServeOptions("127.0.0.1", 0, 0, 0)
                                    .withHttpPort(pebble.httpPort())
                                    .withRenewCheckInterval(Duration.ofSeconds(2)))) {
                // Pebble's root is not trusted here, so the certificate stays unassigned (exit 3).
                JsonNode first = cli.run(
                                "request",
                                "--ca",
                                "pebble",
                                "--usage",
                                "WebServicesInternal",
                                "--key",
                                "ec-p256",
                                "--challenge",
                                "http-01",
                                "--json")
                        .exit(3)
                        .json()
                        .path("certificate");
                String original = first.path("thumbprint").asText();
                assertThat(first.path("issuer").asText()).contains("Pebble Intermediate CA");

                JsonNode outcome = cli.run("renew", original, "--force", "--json")
                        .ok()
                        .json()
                        .get(0);

                assertThat(outcome.path("result").asText())
                        .as(outcome.toString())
                        .isEqualTo("RENEWED");
                assertThat(outcome.path("ca").asText()).isEqualTo("pebble");
                String renewed = outcome.path("renewedThumbprint").asText();
                JsonNode shown = cli.run("show", renewed, "--json").ok().json();
                assertThat(shown.path("issuer").asText()).contains("Pebble Intermediate CA");
                assertThat(shown.path("acme").path("ca").asText()).isEqualTo("pebble");
                assertThat(shown.path("replaces").asText()).isEqualTo(original);
                assertThat(texts(shown.path("sans"))).isEqualTo(texts(first.path("sans")));
                assertThat(Duration.between(
                                java.time.Instant.parse(shown.path("notBefore").asText()),
                                java.time.Instant.parse(shown.path("notAfter").asText())))
                        .as("pebble's certificateValidityPeriod")
                        .isLessThanOrEqualTo(Duration.ofSeconds(VALIDITY_SECONDS));
                assertThat(cli.run("show", original, "--json")
                                .ok()
                                .json()
                                .path("replacedBy")
                                .asText())
                        .isEqualTo(renewed);

                // The running server's scheduler renews the successor once two thirds of its life passed.
                String next = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(VALIDITY_SECONDS);
                while (next == null && System.nanoTime() < deadline) {
                    JsonNode view = cli.run("show", renewed, "--json").ok().json();
                    if (view.hasNonNull("replacedBy")) {
                        next = view.path("replacedBy").asText();
                    } else {
                        Thread.sleep(1000);
                    }
                }
                assertThat(next)
                        .as("renewed by the scheduler of the running server")
                        .isNotNull();
                JsonNode third = cli.run("show", next, "--json").ok().json();
                assertThat(third.path("issuer").asText()).contains("Pebble Intermediate CA");
                assertThat(third.path("replaces").asText()).isEqualTo(renewed);
                assertThat(cli.run("audit", "--json").ok().out()).contains("serve:renewal");
            }
        }
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        java.util.Collections.sort(out);
        return out;
    }
}
