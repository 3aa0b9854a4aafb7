package io.certwiz.cli;

import static io.certwiz.cli.RequestCommandTest.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz assign}, {@code unassign} and {@code usages}. */
class AssignCommandTest {
    @TempDir
    Path temp;

    Cli cli;
    String rootThumbprint;
    String intermediateThumbprint;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        JsonNode init = cli.init("--json").json();
        rootThumbprint = init.path("rootThumbprint").asText();
        intermediateThumbprint = init.path("intermediateThumbprint").asText();
    }

    @Test
    void usagesListsEveryUsageNotAssignedAtFirst() {
        JsonNode usages = cli.run("usages", "--json").ok().json();

        assertThat(usages.findValuesAsText("usage"))
                .containsExactly("Default", "WebServicesInternal", "WebServicesExternal", "OAuthTokenIssuer");
        assertThat(usages.findValuesAsText("state")).containsOnly("NotAssigned");
        assertThat(cli.run("usages").ok().out()).contains("NotAssigned").contains("WebServicesExternal");
    }

    @Test
    void assignRecordsTimeAndPreviousThumbprint() {
        String first = cli.request("Default");
        String second = cli.request("Default", "--no-assign");

        JsonNode assigned =
                cli.run("assign", second, "--usage", "Default", "--json").ok().json();

        assertThat(assigned.get(0).path("usage").asText()).isEqualTo("Default");
        assertThat(assigned.get(0).path("thumbprint").asText()).isEqualTo(second);
        assertThat(assigned.get(0).path("previousThumbprint").asText()).isEqualTo(first);
        assertThat(assigned.get(0).path("assignedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode row = usage(cli, "Default");
        assertThat(row.path("state").asText()).isEqualTo("Assigned");
        assertThat(row.path("thumbprint").asText()).isEqualTo(second);
        assertThat(row.path("subject").asText()).isEqualTo("CN=" + Cli.POOL);
        assertThat(row.path("notAfter").asText()).isNotEmpty();
        assertThat(cli.run("assign", second, "--usage", "Default").ok().out()).contains("Assigned " + second);
    }

    @Test
    void assignsAllUsagesOrNone() {
        // Covers the internal web name only: Default and WebServicesExternal need other names.
        String web = cli.request("WebServicesInternal", "--no-assign");
        String before = cli.snapshot();

        Cli.Result refused = cli.run("assign", web, "--usage", "WebServicesInternal,WebServicesExternal")
                .fails(3);

        assertThat(refused.err()).contains(Cli.WEB_EXTERNAL).contains("fix:");
        assertThat(cli.snapshot()).isEqualTo(before);
        assertThat(usage(cli, "WebServicesInternal").path("state").asText()).isEqualTo("NotAssigned");
    }

    @Test
    void sansNotCoveringTheUsageAreRefusedWithTheFix() {
        String web = cli.request("WebServicesExternal", "--no-assign");
        String before = cli.snapshot();

        Cli.Result refused =
                cli.run("assign", web, "--usage", "Default", "--json").fails(3);

        JsonNode error = refused.json().path("error");
        assertThat(error.path("exitCode").asInt()).isEqualTo(3);
        assertThat(error.path("problems").findValuesAsText("code")).contains("NAME_NOT_COVERED");
        // One line per failed check on stderr, each with its fix.
        assertThat(refused.err().lines().filter(l -> l.startsWith("  - ")).toList())
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("fix:"));
        assertThat(refused.err()).contains(Cli.POOL);
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void webCertificateLacksClientAuthForDefault() {
        // SANs cover Default's names, but the web profile has serverAuth only.
        String web = cli.request(
                "WebServicesInternal", "--no-assign", "--san", "dns:" + Cli.POOL, "--san", "dns:" + Cli.FQDN);

        Cli.Result refused =
                cli.run("assign", web, "--usage", "Default", "--json").fails(3);

        assertThat(refused.json().path("error").path("problems").findValuesAsText("code"))
                .containsExactly("EKU_MISSING");
    }

    @Test
    void aCaCertificateCannotBeAssigned() {
        String before = cli.snapshot();

        Cli.Result root =
                cli.run("assign", rootThumbprint, "--usage", "Default").fails(3);
        cli.run("assign", intermediateThumbprint, "--usage", "WebServicesInternal")
                .fails(3);

        assertThat(root.err()).contains("CA certificate");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void unknownUsageIsBadUsage() {
        String thumbprint = cli.request("Default", "--no-assign");
        String before = cli.snapshot();

        Cli.Result result =
                cli.run("assign", thumbprint, "--usage", "Default,Mail").failsWithOneLine(2);
        cli.run("unassign", "--usage", "Mail").failsWithOneLine(2);

        assertThat(result.err()).contains("Mail").contains("Default");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void unknownThumbprintIsNotFoundAndMalformedIsBadUsage() {
        cli.run("assign", "00".repeat(20), "--usage", "Default").failsWithOneLine(4);
        cli.run("assign", "xyz", "--usage", "Default").failsWithOneLine(2);
    }

    @Test
    void unassignRemovesTheAssignmentAndKeepsTheCertificate() {
        String thumbprint = cli.request("Default,WebServicesInternal", "--san", "dns:" + Cli.WEB_INTERNAL);

        JsonNode removed =
                cli.run("unassign", "--usage", "Default", "--json").ok().json();

        assertThat(removed.get(0).path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("NotAssigned");
        assertThat(usage(cli, "WebServicesInternal").path("state").asText()).isEqualTo("Assigned");
        assertThat(cli.thumbprints("personal")).containsExactly(thumbprint);
        cli.run("unassign", "--usage", "Default").failsWithOneLine(4);
    }

    @Test
    void unassignOfSeveralUsagesRemovesAllOrNone() {
        cli.request("Default,WebServicesInternal", "--san", "dns:" + Cli.WEB_INTERNAL);
        String before = cli.snapshot();

        // OAuthTokenIssuer has no assignment: nothing is removed, Default included.
        cli.run("unassign", "--usage", "Default,OAuthTokenIssuer").failsWithOneLine(4);
        assertThat(cli.snapshot()).isEqualTo(before);
        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("Assigned");

        JsonNode removed = cli.run("unassign", "--usage", "Default,WebServicesInternal", "--json")
                .ok()
                .json();
        assertThat(removed).hasSize(2);
        assertThat(usage(cli, "Default").path("state").asText()).isEqualTo("NotAssigned");
        assertThat(usage(cli, "WebServicesInternal").path("state").asText()).isEqualTo("NotAssigned");
    }

    @Test
    void usageTurnsChainUntrustedWhenItsRootLeavesTheRootStore() {
        String thumbprint = cli.request("WebServicesExternal");
        assertThat(usage(cli, "WebServicesExternal").path("state").asText()).isEqualTo("Assigned");

        cli.run("remove", rootThumbprint, "--force").ok();

        JsonNode row = usage(cli, "WebServicesExternal");
        assertThat(row.path("state").asText()).isEqualTo("ChainUntrusted");
        assertThat(row.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(cli.run("usages").ok().out()).contains("ChainUntrusted");
    }

    @Test
    void oauthTokenIssuerNeedsNoName() {
        String thumbprint = cli.request("OAuthTokenIssuer");

        assertThat(usage(cli, "OAuthTokenIssuer").path("thumbprint").asText()).isEqualTo(thumbprint);
    }
}
