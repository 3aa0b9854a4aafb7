package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz remove}. */
class RemoveCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
    }

    @Test
    void anAssignedCertificateCannotBeRemoved() {
        String thumbprint = cli.request("Default,WebServicesInternal");
        String before = cli.snapshot();

        Cli.Result refused = cli.run("remove", thumbprint).failsWithOneLine(3);

        assertThat(refused.err())
                .contains("Default")
                .contains("WebServicesInternal")
                .contains("unassign");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void removesOnceUnassigned() {
        String thumbprint = cli.request("Default");
        cli.run("unassign", "--usage", "Default").ok();

        JsonNode removed = cli.run("remove", thumbprint.toLowerCase(Locale.ROOT), "--json")
                .ok()
                .json();

        assertThat(removed.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(removed.path("store").asText()).isEqualTo("personal");
        assertThat(cli.thumbprints("personal")).isEmpty();
        cli.run("show", thumbprint).failsWithOneLine(4);
        cli.run("remove", thumbprint).failsWithOneLine(4);
    }

    @Test
    void removingAnotherCertificateKeepsTheAssignedOne() {
        String assigned = cli.request("Default");
        String spare = cli.request("Default", "--no-assign");

        Cli.Result text = cli.run("remove", spare).ok();

        assertThat(text.out()).contains("Removed " + spare).contains("personal");
        assertThat(cli.thumbprints("personal")).containsExactly(assigned);
        cli.run("verify", assigned).ok();
    }

    @Test
    void theEmbeddedCaCertificatesAreRefusedNamingTheEmbeddedCaAndTheAssignedUsages() {
        String root = cli.thumbprints("root").getFirst();
        String issuing = cli.thumbprints("intermediate").getFirst();
        String before = cli.snapshot();

        Cli.Result rootRefused = cli.run("remove", root).fails(3);

        assertThat(rootRefused.err()).contains("embedded CA").contains("root").contains("--force");
        assertThat(cli.snapshot()).isEqualTo(before);

        String web = cli.request("Default,WebServicesInternal");
        Cli.Result issuingRefused = cli.run("remove", issuing).fails(3);
        assertThat(issuingRefused.errLine().lines().findFirst().orElseThrow())
                .contains(issuing)
                .contains("nothing was removed");
        assertThat(issuingRefused.err())
                .contains("embedded CA (this is its issuing CA)")
                .contains("Default,WebServicesInternal (certificate " + web);
        assertThat(cli.thumbprints("intermediate")).containsExactly(issuing);
        assertThat(usageState("Default")).isEqualTo("Assigned");
        cli.run("remove", issuing, "--json").exit(3);
    }

    @Test
    void anOutsideCaThatAnAssignedCertificateChainsToIsRefusedAndForceSaysWhatItBreaks() {
        io.certwiz.testing.CertFactory.Issued outside = io.certwiz.testing.CertFactory.root("Outside Root");
        cli.run(
                        "import",
                        io.certwiz.testing.CertFactory.writePem(temp.resolve("outside.pem"), outside.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();
        String outsideRoot =
                io.certwiz.x509.Thumbprint.of(outside.certificate()).hex();
        java.nio.file.Path csr = temp.resolve("web.csr");
        cli.run("request", "--usage", "WebServicesInternal", "--offline", "--out", csr.toString())
                .ok();
        java.nio.file.Path reply = io.certwiz.testing.CertFactory.writePem(
                temp.resolve("web.pem"), io.certwiz.testing.CertFactory.signRequest(csr, outside));
        String web = cli.run("import", reply.toString(), "--json")
                .ok()
                .json()
                .path("completedRequest")
                .path("certificate")
                .path("thumbprint")
                .asText();
        String before = cli.snapshot();

        Cli.Result refused = cli.run("remove", outsideRoot).fails(3);

        assertThat(refused.err())
                .contains("WebServicesInternal (certificate " + web)
                .contains("would not be trusted")
                .doesNotContain("embedded CA");
        assertThat(cli.snapshot()).isEqualTo(before);

        Cli.Result forced = cli.run("remove", outsideRoot, "--force").ok();

        assertThat(forced.out()).contains("Removed " + outsideRoot);
        assertThat(forced.err()).contains("warning").contains("breaks WebServicesInternal (certificate " + web);
        assertThat(usageState("WebServicesInternal")).isEqualTo("ChainUntrusted");
        assertThat(cli.run("audit").ok().out()).contains("forced, broke: WebServicesInternal");
    }

    @Test
    void aCaNothingNeedsIsRemovedWithoutForce() {
        io.certwiz.testing.CertFactory.Issued spare = io.certwiz.testing.CertFactory.root("Spare Root");
        cli.run(
                        "import",
                        io.certwiz.testing.CertFactory.writePem(temp.resolve("spare.pem"), spare.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();
        cli.request("Default");

        Cli.Result removed = cli.run(
                        "remove",
                        io.certwiz.x509.Thumbprint.of(spare.certificate()).hex())
                .ok();

        assertThat(removed.err()).isEmpty();
    }

    private String usageState(String usage) {
        for (JsonNode row : cli.run("usages", "--json").ok().json()) {
            if (row.path("usage").asText().equals(usage)) {
                return row.path("state").asText();
            }
        }
        throw new AssertionError("no usage " + usage);
    }

    @Test
    void badThumbprints() {
        cli.run("remove", "12".repeat(20)).failsWithOneLine(4);
        cli.run("remove", "Default").failsWithOneLine(2);
        cli.run("remove").exit(2);
    }
}
