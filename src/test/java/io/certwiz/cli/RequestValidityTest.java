package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz request --validity}: short-lived certificates from the embedded CA, within its bounds. */
class RequestValidityTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void init() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void theEmbeddedCaIssuesForTheValidityAsked() {
        Instant before = Instant.now();
        JsonNode certificate = cli.run(
                        "request", "--usage", "Default", "--key", "ec-p256", "--validity", "10m", "--json")
                .ok()
                .json()
                .path("certificate");
        Instant after = Instant.now();
        Instant notBefore = Instant.parse(certificate.path("notBefore").asText());
        Instant notAfter = Instant.parse(certificate.path("notAfter").asText());

        // Valid for ten minutes from issuance (whole seconds in X.509); set back by a quarter of that at most.
        assertThat(notAfter)
                .isBetween(before.plus(Duration.ofMinutes(10)).minusSeconds(1), after.plus(Duration.ofMinutes(10)));
        assertThat(Duration.between(notBefore, before)).isBetween(Duration.ZERO, Duration.ofMinutes(3));
        assertThat(certificate.path("chain").path("trusted").asBoolean()).isTrue();
        assertThat(cli.run("audit", "--json").ok().out()).contains("validity=10m");

        JsonNode year = cli.run("request", "--usage", "WebServicesInternal", "--key", "ec-p256", "--json")
                .ok()
                .json()
                .path("certificate");
        assertThat(Duration.between(
                        Instant.parse(year.path("notBefore").asText()),
                        Instant.parse(year.path("notAfter").asText())))
                .as("without --validity: a year, set back five minutes")
                .isEqualTo(Duration.ofDays(365).plusMinutes(5));
    }

    @Test
    void aValidityOutsideTheEmbeddedCasPolicyIsBadUsageAndIssuesNothing() {
        String before = cli.snapshot();

        assertThat(cli.run("request", "--usage", "Default", "--validity", "1m")
                        .failsWithOneLine(2)
                        .errLine())
                .isEqualTo("certwiz: --validity: the embedded CA issues certificates valid from 2m to 365d, not 1m");
        assertThat(cli.run("request", "--usage", "Default", "--validity", "366d")
                        .failsWithOneLine(2)
                        .errLine())
                .endsWith("not 366d");
        assertThat(cli.run("request", "--usage", "Default", "--validity", "soon")
                        .failsWithOneLine(2)
                        .errLine())
                .isEqualTo("certwiz: --validity: expected a time such as 30d, 12h, 90m or 45s; got 'soon'");
        assertThat(cli.run(
                                "request",
                                "--usage",
                                "Default",
                                "--validity",
                                "10m",
                                "--offline",
                                "--out",
                                temp.resolve("r.csr").toString())
                        .failsWithOneLine(2)
                        .errLine())
                .contains("--validity is for online requests to the embedded CA");
        JsonNode error = cli.run("request", "--usage", "Default", "--validity", "0s", "--json")
                .fails(2)
                .json();
        assertThat(error.path("error").path("message").asText()).contains("--validity");

        assertThat(cli.snapshot()).isEqualTo(before);
    }
}
