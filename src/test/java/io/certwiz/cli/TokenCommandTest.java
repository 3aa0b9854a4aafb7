package io.certwiz.cli;

import static io.certwiz.cli.RequestCommandTest.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz token issue|verify|jwks}, {@code assign --roll --effective-date}, {@code unassign --previous}
 * and what {@code usages} shows of a roll-over, through the CLI's entry point (the clock-driven roll itself:
 * TokenRolloverTest).
 */
class TokenCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void issueThenVerify() {
        Cli.Result none = cli.run("token", "issue", "--audience", "partner").failsWithOneLine(3);
        assertThat(none.errLine()).contains("no certificate is assigned to OAuthTokenIssuer");

        String a = cli.request("OAuthTokenIssuer");
        String token = cli.run("token", "issue", "--audience", "partner", "--lifetime", "30m")
                .ok()
                .out()
                .strip();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

        JsonNode valid = cli.run("token", "verify", token, "--audience", "partner", "--json")
                .ok()
                .json();
        assertThat(valid.path("valid").asBoolean()).isTrue();
        assertThat(valid.path("kid").asText()).isEqualTo(a);
        assertThat(valid.path("keyRole").asText()).isEqualTo("current");
        assertThat(cli.runWithInput((token + "\n").getBytes(StandardCharsets.US_ASCII), "token", "verify", "-")
                        .ok()
                        .out())
                .contains("The token is valid.");

        Cli.Result wrong = cli.run("token", "verify", token, "--audience", "someone-else");
        wrong.exit(3);
        assertThat(wrong.out()).contains("NOT valid").contains("someone-else");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(cli.run("token", "verify", tampered, "--json")
                        .exit(3)
                        .json()
                        .path("problems")
                        .toString())
                .contains("BAD_SIGNATURE");

        JsonNode issued = cli.run("token", "issue", "--audience", "partner", "--json")
                .ok()
                .json();
        assertThat(issued.path("kid").asText()).isEqualTo(a);
        assertThat(issued.path("algorithm").asText()).isEqualTo("ES256");
        assertThat(issued.path("expiresIn").asLong()).isEqualTo(3600);
        assertThat(cli.run("token", "jwks").ok().out())
                .contains("\"kid\":\"" + a + "\"")
                .doesNotContain("\"d\"");
        cli.run("token", "issue", "--audience", "partner", "--lifetime", "2d").failsWithOneLine(2);
        cli.run("token", "issue", "--audience", "partner", "--lifetime", "soon").failsWithOneLine(2);
    }

    @Test
    void rollStagesNextAndUsagesShowsIt() {
        String a = cli.request("OAuthTokenIssuer");
        String b = cli.request("OAuthTokenIssuer", "--no-assign");
        Instant expires =
                Instant.parse(usage(cli, "OAuthTokenIssuer").path("notAfter").asText());

        cli.run("assign", b, "--usage", "OAuthTokenIssuer", "--roll").failsWithOneLine(2);
        cli.run("assign", b, "--usage", "OAuthTokenIssuer", "--effective-date", "2030-01-01T00:00:00Z")
                .failsWithOneLine(2);
        cli.run("assign", b, "--usage", "OAuthTokenIssuer", "--roll", "--effective-date", "tomorrow")
                .failsWithOneLine(2);
        String before = cli.snapshot();
        Cli.Result late = cli.run(
                        "assign",
                        b,
                        "--usage",
                        "OAuthTokenIssuer",
                        "--roll",
                        "--effective-date",
                        expires.minus(Duration.ofHours(1)).toString())
                .fails(3);
        assertThat(late.err()).contains("less than 24 hours before").contains(a).contains("fix:");
        assertThat(cli.snapshot()).isEqualTo(before);

        Instant effective = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode staged = cli.run(
                        "assign",
                        b,
                        "--usage",
                        "OAuthTokenIssuer",
                        "--roll",
                        "--effective-date",
                        effective.toString(),
                        "--json")
                .ok()
                .json()
                .get(0);
        assertThat(staged.path("thumbprint").asText()).isEqualTo(a);
        assertThat(staged.path("nextThumbprint").asText()).isEqualTo(b);
        assertThat(Instant.parse(staged.path("nextEffectiveDate").asText())).isEqualTo(effective);

        JsonNode row = usage(cli, "OAuthTokenIssuer");
        assertThat(row.path("thumbprint").asText()).isEqualTo(a);
        assertThat(row.path("nextThumbprint").asText()).isEqualTo(b);
        assertThat(Instant.parse(row.path("nextEffectiveDate").asText())).isEqualTo(effective);
        assertThat(cli.run("usages").ok().out()).contains("next").contains(b).contains("effective " + effective);
        // Before the date the current key signs; both are published.
        assertThat(cli.run("token", "issue", "--audience", "x", "--json")
                        .ok()
                        .json()
                        .path("kid")
                        .asText())
                .isEqualTo(a);
        assertThat(cli.run("token", "jwks").ok().out()).contains(a).contains(b);
        // A staged certificate cannot be removed; cancelling the roll frees it.
        assertThat(cli.run("remove", b).failsWithOneLine(3).errLine()).contains("--next");
        cli.run("unassign", "--usage", "OAuthTokenIssuer", "--next").ok();
        assertThat(usage(cli, "OAuthTokenIssuer").has("nextThumbprint")).isFalse();

        // --roll is for OAuthTokenIssuer only.
        String web = cli.request("WebServicesInternal");
        cli.run("assign", web, "--usage", "WebServicesInternal", "--roll", "--effective-date", effective.toString())
                .failsWithOneLine(2);
    }

    @Test
    void unassignPrevious() {
        String a = cli.request("OAuthTokenIssuer");
        assertThat(cli.run("unassign", "--usage", "OAuthTokenIssuer", "--previous")
                        .failsWithOneLine(4)
                        .errLine())
                .contains("no previous certificate");
        String b = cli.request("OAuthTokenIssuer");
        assertThat(usage(cli, "OAuthTokenIssuer").path("previousThumbprint").asText())
                .isEqualTo(a);
        assertThat(cli.run("usages").ok().out()).contains("previous").contains(a);
        JsonNode removed = cli.run("unassign", "--usage", "OAuthTokenIssuer", "--previous", "--json")
                .ok()
                .json();
        assertThat(removed.get(0).path("thumbprint").asText()).isEqualTo(a);
        JsonNode row = usage(cli, "OAuthTokenIssuer");
        assertThat(row.path("thumbprint").asText()).isEqualTo(b);
        assertThat(row.has("previousThumbprint")).isFalse();
        cli.run("unassign", "--usage", "OAuthTokenIssuer", "--previous", "--next")
                .failsWithOneLine(2);
    }
}
